'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { CircleAlert, LoaderCircle } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { MessageListParams } from '@/lib/client/api';
import { useMessageWindows } from '@/lib/client/use-message-windows';
import { MessageRow, RowPlaceholder } from './message-row';

const rowHeight = 64;

/**
 * A virtual list over the whole folder: the scroll bar stands for every message, only the rows
 * on screen are in the page, and their windows load as they come into view. Key it by folder,
 * sort and filter, so each list starts fresh at the top.
 */
export function MessageList({ folder, params }: { folder: string; params: MessageListParams }) {
  const scroller = useRef<HTMLDivElement>(null);
  const { total, rowAt, ensureRange, problem, retry } = useMessageWindows(folder, params);
  // TanStack Virtual hands out new functions every render; this component is not memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items.at(-1)?.index;

  useEffect(() => {
    if (first !== undefined && last !== undefined) ensureRange(first, last);
  }, [first, last, ensureRange]);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {problem && (
        <div
          role="alert"
          className="flex items-center gap-2 border-b border-bad px-4 py-2 text-sm text-bad"
        >
          <CircleAlert aria-hidden className="size-4 shrink-0" />
          <span className="flex-1">{problem}</span>
          <button type="button" onClick={retry} className="min-h-9 rounded-md px-3 underline">
            Try again
          </button>
        </div>
      )}
      {total === undefined && !problem && (
        <p className="flex items-center gap-2 p-4 text-muted" role="status">
          <LoaderCircle aria-hidden className="size-4 animate-spin" /> Loading messages…
        </p>
      )}
      {total === 0 && <p className="p-4 text-muted">No messages here.</p>}
      <div
        ref={scroller}
        data-testid="message-scroller"
        // Focusable, so the keyboard can scroll it (arrows, Page Up/Down, Home/End).
        tabIndex={0}
        role="region"
        aria-label="Message list"
        className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
      >
        <ul
          aria-label={`Messages in ${folder}`}
          className="relative w-full"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const message = rowAt(item.index);
            return (
              <li
                key={message ? `m${message.uid}` : `p${item.index}`}
                aria-busy={message ? undefined : true}
                aria-posinset={item.index + 1}
                aria-setsize={total}
                className="absolute left-0 w-full border-b border-line"
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {message ? <MessageRow message={message} /> : <RowPlaceholder />}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
