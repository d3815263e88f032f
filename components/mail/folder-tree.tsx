'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ChevronDown, ChevronRight, LoaderCircle } from 'lucide-react';
import { useState, type DragEvent } from 'react';
import { folderHref } from '@/lib/client/folder-path';
import { isMessageDrag } from '@/lib/client/message-drag';
import { useStoredValue } from '@/lib/client/use-stored-value';
import type { Folder } from '@/lib/mail/types';
import { FolderIcon } from './folder-icon';

const noneCollapsed: string[] = [];
const parseCollapsed = (raw: string) => {
  const value: unknown = JSON.parse(raw);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
};

/** The folder's ancestors that are in the list, nearest first. */
function ancestorsOf(folder: Folder, byPath: Map<string, Folder>): Folder[] {
  const found: Folder[] = [];
  for (let parent = folder.parent && byPath.get(folder.parent); parent;) {
    found.push(parent);
    parent = parent.parent ? byPath.get(parent.parent) : undefined;
  }
  return found;
}

/**
 * The folders, nested and collapsible (which ones are collapsed is remembered in this browser),
 * with unread counts. Each folder but the open one takes messages dragged from the list.
 */
export function FolderTree({
  current,
  folders,
  problem,
  onNavigate,
  onDropMessages,
}: {
  current: string;
  folders: Folder[] | undefined;
  problem: string | undefined;
  onNavigate?: () => void;
  onDropMessages?: (path: string) => void;
}) {
  const router = useRouter();
  const [collapsedList, setCollapsed] = useStoredValue(
    'tern.folders.collapsed',
    noneCollapsed,
    parseCollapsed,
  );
  const [dropTarget, setDropTarget] = useState<string>();

  if (problem && !folders)
    return (
      <p role="alert" className="p-3 text-sm text-bad">
        Folders could not be loaded: {problem}
      </p>
    );
  if (!folders)
    return (
      <p className="flex items-center gap-2 p-3 text-sm text-muted">
        <LoaderCircle aria-hidden className="size-4 animate-spin" /> Loading folders…
      </p>
    );

  const byPath = new Map(folders.map((f) => [f.path, f]));
  const parents = new Set(folders.map((f) => f.parent).filter((p) => p !== null));
  const collapsed = new Set(collapsedList);

  function toggle(path: string) {
    const next = new Set(collapsed);
    if (!next.delete(path)) next.add(path);
    setCollapsed([...next]);
  }

  function dropHandlers(path: string) {
    if (!onDropMessages || path === current) return {};
    return {
      onDragOver(event: DragEvent) {
        if (!isMessageDrag(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        setDropTarget(path);
      },
      onDragLeave: () => setDropTarget((target) => (target === path ? undefined : target)),
      onDrop(event: DragEvent) {
        if (!isMessageDrag(event)) return;
        event.preventDefault();
        setDropTarget(undefined);
        onDropMessages(path);
      },
    };
  }

  return (
    <nav aria-label="Folders">
      <ul className="flex flex-col py-2">
        {folders.map((folder) => {
          const ancestors = ancestorsOf(folder, byPath);
          if (ancestors.some((a) => collapsed.has(a.path))) return null;
          const active = folder.path === current;
          const hasChildren = parents.has(folder.path);
          const isCollapsed = collapsed.has(folder.path);
          return (
            <li
              key={folder.path}
              {...dropHandlers(folder.path)}
              data-drop-target={dropTarget === folder.path || undefined}
              className="flex items-center rounded-md data-[drop-target]:bg-accent/20 data-[drop-target]:outline-2 data-[drop-target]:outline-accent"
              style={{ paddingLeft: `${ancestors.length * 1}rem` }}
            >
              {hasChildren ? (
                <button
                  type="button"
                  onClick={() => toggle(folder.path)}
                  aria-expanded={!isCollapsed}
                  aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${folder.name}`}
                  className="flex min-h-10 w-7 shrink-0 items-center justify-center rounded-md text-muted hover:bg-line"
                >
                  {isCollapsed ? (
                    <ChevronRight aria-hidden className="size-4" />
                  ) : (
                    <ChevronDown aria-hidden className="size-4" />
                  )}
                </button>
              ) : (
                <span aria-hidden className="w-7 shrink-0" />
              )}
              <Link
                href={folderHref(folder.path)}
                // Prefetched on intent, not on sight: a page load would otherwise ask the server
                // to render every visible folder's page at the moment it is busiest.
                prefetch={false}
                onPointerEnter={() => router.prefetch(folderHref(folder.path))}
                onFocus={() => router.prefetch(folderHref(folder.path))}
                onClick={onNavigate}
                aria-current={active ? 'page' : undefined}
                className={`flex min-h-10 min-w-0 flex-1 items-center gap-2 rounded-md pr-3 pl-1 text-sm hover:bg-line ${
                  active ? 'bg-line font-semibold' : ''
                }`}
              >
                <FolderIcon specialUse={folder.specialUse} />
                <span className="min-w-0 flex-1 truncate">{folder.name}</span>
                {folder.unseen > 0 && (
                  <span className="text-xs font-semibold text-accent">
                    {folder.unseen.toLocaleString()}
                    <span className="sr-only"> unread</span>
                  </span>
                )}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
