import { Paperclip, Star } from 'lucide-react';
import { fullDate, listDate } from '@/lib/client/format-date';
import type { MessageSummary } from '@/lib/mail/types';

function senderOf(message: MessageSummary): string {
  const from = message.from[0];
  return from ? from.name || from.address : '(no sender)';
}

/** One message in the list. Header values reach the page only as React text. */
export function MessageRow({ message }: { message: MessageSummary }) {
  const unread = !message.flags.includes('\\Seen');
  const starred = message.flags.includes('\\Flagged');
  return (
    <div
      className={`flex h-full flex-col justify-center gap-0.5 px-4 ${unread ? 'font-semibold' : ''}`}
    >
      <div className="flex items-center gap-2">
        {unread && <span aria-hidden className="size-2 shrink-0 rounded-full bg-accent" />}
        <span className="min-w-0 flex-1 truncate">{senderOf(message)}</span>
        {message.hasAttachments && (
          <Paperclip aria-label="Has attachments" className="size-4 shrink-0 text-muted" />
        )}
        {starred && (
          <Star aria-label="Starred" className="size-4 shrink-0 fill-current text-accent" />
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
        {message.subject || '(no subject)'}
      </div>
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
