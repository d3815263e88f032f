'use client';

import { useRef, useState } from 'react';
import type { ComposeSession } from './compose-session';
import type { SendNotice } from './send-outcome';

/** A message on its way out: counting down to Undo, being sent, or the answer to its send. */
export type OutboxItem =
  | { key: string; phase: 'countdown'; endsAt: number; session: ComposeSession }
  | { key: string; phase: 'sending'; session: ComposeSession }
  | { key: string; phase: 'notice'; notice: SendNotice; session?: ComposeSession; subject: string };

/** A good answer with nothing to do about it goes away by itself after this long. */
const okNoticeMs = 10_000;

export interface Outbox {
  items: OutboxItem[];
  /** The items now, for event handlers that run before the next render. */
  current: () => OutboxItem[];
  /** Adds an item, or replaces the one with the same key. */
  put: (item: OutboxItem) => void;
  remove: (key: string) => void;
  /** Says something in the outbox's place, with no message behind it. */
  tell: (text: string, tone?: SendNotice['tone']) => void;
}

export function useOutbox(): Outbox {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const latest = useRef(items);

  function change(edit: (items: OutboxItem[]) => OutboxItem[]) {
    latest.current = edit(latest.current);
    setItems(latest.current);
  }

  function put(item: OutboxItem) {
    change((all) => [...all.filter((i) => i.key !== item.key), item]);
    if (item.phase === 'notice' && item.notice.tone === 'ok' && item.notice.actions.length === 0)
      setTimeout(() => change((all) => all.filter((i) => i !== item)), okNoticeMs);
  }

  return {
    items,
    current: () => latest.current,
    put,
    remove: (key) => change((all) => all.filter((i) => i.key !== key)),
    tell: (text, tone = 'bad') =>
      put({
        key: `notice-${Date.now()}`,
        phase: 'notice',
        notice: { tone, text, actions: [], delivered: false, reopen: false },
        subject: '',
      }),
  };
}
