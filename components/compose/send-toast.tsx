'use client';

import { CircleAlert, CircleCheck, LoaderCircle, TriangleAlert, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { NoticeAction, SendNotice } from '@/lib/client/compose/send-outcome';
import { IconButton } from '@/components/ui/icon-button';

export type OutboxView =
  | { key: string; phase: 'countdown'; endsAt: number; subject: string }
  | { key: string; phase: 'sending'; subject: string }
  | { key: string; phase: 'notice'; notice: SendNotice; subject: string };

const actionLabels: Record<NoticeAction, string> = {
  save_sent: 'Save to Sent',
  resend: 'Send again anyway',
  retry: 'Try again',
  edit: 'Edit the message',
};

const toneIcons = { ok: CircleCheck, warning: TriangleAlert, bad: CircleAlert } as const;
const toneText = { ok: 'text-ok', warning: 'text-ink', bad: 'text-bad' } as const;

function secondsLeft(endsAt: number): number {
  return Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

function Countdown({ endsAt }: { endsAt: number }) {
  const [left, setLeft] = useState(() => secondsLeft(endsAt));
  useEffect(() => {
    const timer = setInterval(() => setLeft(secondsLeft(endsAt)), 250);
    return () => clearInterval(timer);
  }, [endsAt]);
  return <>{left}</>;
}

const button =
  'min-h-10 shrink-0 rounded-md px-3 text-sm font-medium text-accent underline-offset-2 hover:underline';

/**
 * Messages on their way, in a corner whatever the composer does (on a phone at the top, clear of
 * the composer's Send and the New message button): the Undo countdown ("Sending
 * in 5 s · Undo"), then the answer, told exactly, with what the user can do about it. A live
 * region, so a screen reader hears each one once (the ticking seconds are not read out).
 */
export function SendToasts({
  items,
  onUndo,
  onAction,
  onDismiss,
}: {
  items: OutboxView[];
  onUndo: (key: string) => void;
  onAction: (key: string, action: NoticeAction) => void;
  onDismiss: (key: string) => void;
}) {
  return (
    <div
      role="status"
      aria-label="Sending"
      className="pointer-events-none fixed left-3 z-40 max-sm:top-2 sm:bottom-3 flex w-[min(26rem,calc(100vw-1.5rem))] flex-col gap-2 print:hidden"
    >
      {items.map((item) => {
        const subject = item.subject || '(no subject)';
        const box =
          'pointer-events-auto flex items-start gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm shadow-xl';
        if (item.phase === 'countdown')
          return (
            <div key={item.key} className={`${box} items-center`}>
              <p className="min-w-0 flex-1">
                <span aria-hidden>
                  Sending in <Countdown endsAt={item.endsAt} /> s
                </span>
                <span className="sr-only">Sending {subject} in a few seconds.</span>
                <span className="block truncate text-xs text-muted">{subject}</span>
              </p>
              <span aria-hidden className="text-muted">
                ·
              </span>
              <button type="button" onClick={() => onUndo(item.key)} className={button}>
                Undo
              </button>
            </div>
          );
        if (item.phase === 'sending')
          return (
            <div key={item.key} className={`${box} items-center`}>
              <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin" />
              <p className="min-w-0 flex-1 truncate">Sending {subject}…</p>
            </div>
          );
        const Icon = toneIcons[item.notice.tone];
        return (
          <div key={item.key} className={box}>
            <Icon aria-hidden className={`mt-0.5 size-4 shrink-0 ${toneText[item.notice.tone]}`} />
            <div className="min-w-0 flex-1">
              <p className={toneText[item.notice.tone]}>{item.notice.text}</p>
              <p className="truncate text-xs text-muted">{subject}</p>
              {item.notice.actions.length > 0 && (
                <div className="mt-1 flex flex-wrap gap-1">
                  {item.notice.actions.map((action) => (
                    <button
                      key={action}
                      type="button"
                      onClick={() => onAction(item.key, action)}
                      className={button}
                    >
                      {actionLabels[action]}
                    </button>
                  ))}
                </div>
              )}
            </div>
            {/* Unanswered, the message may exist nowhere else: it stays until tried again or edited. */}
            {!item.notice.actions.includes('retry') && (
              <IconButton
                icon={X}
                label="Dismiss"
                onClick={() => onDismiss(item.key)}
                iconClassName="size-4"
              />
            )}
          </div>
        );
      })}
    </div>
  );
}
