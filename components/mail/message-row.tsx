import { Paperclip, Star } from 'lucide-react';
import type { MouseEvent } from 'react';
import { fullDate, listDate } from '@/lib/client/format-date';
import type { MessageSummary } from '@/lib/mail/types';

function senderOf(message: MessageSummary): string {
  const from = message.from[0];
  return from ? from.name || from.address : '(no sender)';
}

/**
 * One message in the list. Header values reach the page only as React text. Search results
 * name the folder each message is in, and have no checkbox.
 */
export function MessageRow({
  message,
  selected,
  onToggle,
  onStar,
  folder,
}: {
  message: MessageSummary;
  selected: boolean;
  onToggle?: (event: MouseEvent<HTMLInputElement>) => void;
  onStar: () => void;
  folder?: string;
}) {
  const unread = !message.flags.includes('\\Seen');
  const starred = message.flags.includes('\\Flagged');
  const sender = senderOf(message);
  const subject = message.subject || '(no subject)';
  return (
    <div
      className={`flex h-full items-center gap-2 pr-3 ${onToggle ? 'pl-1' : 'pl-4'} ${unread ? 'font-semibold' : ''}`}
    >
      {onToggle && (
        <label className="flex min-h-11 min-w-11 shrink-0 cursor-pointer items-center justify-center">
          <input
            type="checkbox"
            checked={selected}
            onClick={onToggle}
            onChange={() => {}}
            aria-label={`Select: ${sender}, ${subject}`}
            className="size-4 accent-accent"
          />
        </label>
      )}
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <div className="flex items-center gap-2">
          {unread && <span aria-hidden className="size-2 shrink-0 rounded-full bg-accent" />}
          <span className="min-w-0 flex-1 truncate">{sender}</span>
          {folder !== undefined && (
            <span className="max-w-32 shrink-0 truncate rounded bg-line px-1.5 text-xs font-normal">
              <span className="sr-only">In </span>
              {folder === 'INBOX' ? 'Inbox' : folder}
            </span>
          )}
          {message.hasAttachments && (
            <Paperclip aria-label="Has attachments" className="size-4 shrink-0 text-muted" />
          )}
          <time
            dateTime={message.date}
            title={fullDate(message.date)}
            className="shrink-0 text-xs text-muted"
          >
            {listDate(message.date)}
          </time>
        </div>
        <div className={`truncate text-sm ${unread ? '' : 'text-muted'}`}>
          {unread && <span className="sr-only">Unread: </span>}
          {subject}
          {message.preview && (
            <span className="font-normal text-muted">
              <span aria-hidden> — </span>
              <span className="sr-only">. </span>
              {message.preview}
            </span>
          )}
        </div>
      </div>
      <button
        type="button"
        onClick={(event) => {
          event.stopPropagation(); // starring is not opening
          onStar();
        }}
        aria-pressed={starred}
        aria-label={`Star: ${subject}`}
        className="flex min-h-11 min-w-11 shrink-0 items-center justify-center rounded-md hover:bg-line"
      >
        <Star
          aria-hidden
          className={`size-4 ${starred ? 'fill-current text-accent' : 'text-muted'}`}
        />
      </button>
    </div>
  );
}

export function RowPlaceholder() {
  return (
    <div aria-hidden className="flex h-full flex-col justify-center gap-2 px-4">
      <div className="h-3 w-1/3 rounded bg-line" />
      <div className="h-3 w-2/3 rounded bg-line" />
    </div>
  );
}
