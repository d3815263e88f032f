import Link from 'next/link';
import { LoaderCircle } from 'lucide-react';
import { folderHref } from '@/lib/client/folder-path';
import type { Folder } from '@/lib/mail/types';
import { FolderIcon } from './folder-icon';

/** Nesting depth from the parent chain, for indentation. */
function depthOf(folder: Folder, byPath: Map<string, Folder>): number {
  let depth = 0;
  for (
    let parent = folder.parent;
    parent && byPath.has(parent);
    parent = byPath.get(parent)!.parent
  )
    depth++;
  return depth;
}

export function FolderTree({
  current,
  folders,
  problem,
  onNavigate,
}: {
  current: string;
  folders: Folder[] | undefined;
  problem: string | undefined;
  onNavigate?: () => void;
}) {
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
  return (
    <nav aria-label="Folders">
      <ul className="flex flex-col py-2">
        {folders.map((folder) => {
          const active = folder.path === current;
          return (
            <li key={folder.path}>
              <Link
                href={folderHref(folder.path)}
                onClick={onNavigate}
                aria-current={active ? 'page' : undefined}
                style={{ paddingLeft: `${0.75 + depthOf(folder, byPath) * 1}rem` }}
                className={`flex min-h-10 items-center gap-2 rounded-md pr-3 text-sm hover:bg-line ${
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
