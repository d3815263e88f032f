'use client';

import { MessagesSquare } from 'lucide-react';
import { listDate } from '@/lib/client/format-date';
import type { MessageSummary } from '@/lib/mail/types';

/**
 * The other messages of the conversation in this folder, oldest first, above the open one; a
 * click opens one. Shown only when there is more than the open message.
 */
export function ConversationList({
  messages,
  openUid,
  onOpen,
}: {
  messages: MessageSummary[];
  openUid: number;
  onOpen: (uid: number) => void;
}) {
  if (messages.length < 2) return null;
  return (
    <details className="mb-3 rounded-md border border-line" open={messages.length <= 6}>
      <summary className="flex min-h-10 cursor-pointer items-center gap-2 px-3 text-sm text-muted">
        <MessagesSquare aria-hidden className="size-4" />
        {messages.length} messages in this conversation
      </summary>
      <ol aria-label="Conversation" className="border-t border-line">
        {messages.map((m) => {
          const open = m.uid === openUid;
          const unread = !m.flags.includes('\\Seen');
          const sender = m.from[0]?.name || m.from[0]?.address || '(no sender)';
          return (
            <li key={m.uid}>
              <button
                type="button"
                onClick={() => onOpen(m.uid)}
                aria-current={open ? 'true' : undefined}
                className={`flex min-h-10 w-full items-center gap-3 px-3 text-left text-sm hover:bg-line aria-[current]:bg-accent/15 ${
                  unread ? 'font-semibold' : ''
                }`}
              >
                <span className="w-36 shrink-0 truncate">{sender}</span>
                <span className="min-w-0 flex-1 truncate text-muted">
                  {m.preview || m.subject || '(no subject)'}
                </span>
                <time dateTime={m.date} className="shrink-0 text-xs text-muted">
                  {listDate(m.date)}
                </time>
              </button>
            </li>
          );
        })}
      </ol>
    </details>
  );
}
