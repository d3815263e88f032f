'use client';

import {
  Archive,
  FolderInput,
  LoaderCircle,
  MailOpen,
  OctagonAlert,
  Mail,
  Star,
  StarOff,
  Trash2,
  X,
} from 'lucide-react';
import type { ReactNode } from 'react';
import type { ListAction } from '@/lib/client/use-list-actions';
import type { Folder } from '@/lib/mail/types';
import { IconSelect } from './icon-select';

function ToolButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      title={label}
      className="flex min-h-10 min-w-9 items-center justify-center gap-1 rounded-md px-1.5 text-sm hover:bg-line disabled:opacity-50 sm:min-w-10 sm:px-2"
    >
      {children}
      <span className="sr-only sm:not-sr-only">{label}</span>
    </button>
  );
}

/**
 * What can be done with the chosen messages; shown while some are chosen. On a phone the count
 * takes one line and the actions, as icons, the next.
 */
export function BulkToolbar({
  count,
  busy,
  folders,
  current,
  onAction,
  onMove,
  onClear,
}: {
  count: string;
  busy: boolean;
  folders: Folder[] | undefined;
  current: string;
  onAction: (action: ListAction) => void;
  onMove: (to: string) => void;
  onClear: () => void;
}) {
  const targets = (folders ?? []).filter((f) => f.path !== current);
  return (
    <div
      role="toolbar"
      aria-label="Selected messages"
      className="flex flex-wrap items-center gap-1 border-b border-line bg-surface px-2 py-1"
    >
      <ToolButton label="Clear selection" onClick={onClear} disabled={busy}>
        <X aria-hidden className="size-4" />
      </ToolButton>
      <span className="px-1 text-sm font-medium" aria-live="polite">
        {count}
      </span>
      {busy && <LoaderCircle aria-label="Working" className="size-4 animate-spin" />}
      <div className="flex w-full items-center justify-between sm:ml-auto sm:w-auto sm:justify-end sm:gap-1">
        <ToolButton label="Mark read" onClick={() => onAction('read')} disabled={busy}>
          <MailOpen aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Mark unread" onClick={() => onAction('unread')} disabled={busy}>
          <Mail aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Star" onClick={() => onAction('star')} disabled={busy}>
          <Star aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Unstar" onClick={() => onAction('unstar')} disabled={busy}>
          <StarOff aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Archive" onClick={() => onAction('archive')} disabled={busy}>
          <Archive aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Junk" onClick={() => onAction('junk')} disabled={busy}>
          <OctagonAlert aria-hidden className="size-4" />
        </ToolButton>
        <ToolButton label="Delete" onClick={() => onAction('delete')} disabled={busy}>
          <Trash2 aria-hidden className="size-4" />
        </ToolButton>
        <IconSelect
          label="Move to folder"
          icon={<FolderInput className="size-4" />}
          value=""
          disabled={busy}
          onChange={(event) => event.target.value && onMove(event.target.value)}
        >
          <option value="">Move to…</option>
          {targets.map((f) => (
            <option key={f.path} value={f.path}>
              {f.path === 'INBOX' ? 'Inbox' : f.path}
            </option>
          ))}
        </IconSelect>
      </div>
    </div>
  );
}
