import { CircleAlert } from 'lucide-react';

/** In place of an open message that left its folder while it was open. */
export function MessageGone({ folder, onClose }: { folder: string; onClose: () => void }) {
  return (
    <div role="status" className="flex flex-wrap items-center gap-2 text-sm">
      <CircleAlert aria-hidden className="size-4 shrink-0 text-muted" />
      <span className="flex-1">
        This message is no longer in {folder === 'INBOX' ? 'Inbox' : folder}: it was deleted or
        moved, perhaps in another app or on another device.
      </span>
      <button type="button" onClick={onClose} className="min-h-9 rounded-md px-3 underline">
        Back to the list
      </button>
    </div>
  );
}
