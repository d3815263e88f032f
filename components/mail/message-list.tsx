'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { CircleAlert, LoaderCircle } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { MessageListParams } from '@/lib/client/api';
import { useListActions, type ListAction, type Undo } from '@/lib/client/use-list-actions';
import { useMessageWindows } from '@/lib/client/use-message-windows';
import { useSelection, type SelectionState } from '@/lib/client/use-selection';
import type { Folder } from '@/lib/mail/types';
import { BulkToolbar } from './bulk-toolbar';
import { MessageRow, RowPlaceholder } from './message-row';
import { SwipeRow } from './swipe-row';

const rowHeight = 64;

/** Keys that act on the chosen messages (or the one under the cursor when none are chosen). */
const keyActions: Record<string, ListAction> = {
  e: 'archive',
  '#': 'delete',
  I: 'read',
  U: 'unread',
};

/**
 * A virtual list over the whole folder: the scroll bar stands for every message, only the rows
 * on screen are in the page, and their windows load as they come into view. Key it by folder,
 * sort and filter, so each list starts fresh at the top.
 */
export function MessageList({
  folder,
  params,
  folders,
  onMoved,
}: {
  folder: string;
  params: MessageListParams;
  folders: Folder[] | undefined;
  onMoved: (notice: string, undo?: Undo) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const { total, rowAt, ensureRange, problem, retry, loaded, updateRows } = useMessageWindows(
    folder,
    params,
  );
  const { selection, isSelected, toggle, extendTo, selectAll, clear } = useSelection();
  const actions = useListActions({ folder, folders, updateRows, onMoved });
  const [cursor, setCursor] = useState(0);

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

  const uidsBetween = (from: number, to: number) =>
    loaded()
      .filter(({ index }) => index >= from && index <= to)
      .map(({ row }) => row.uid);

  /** The chosen messages, or the one under the cursor when none are chosen. */
  function targets(): SelectionState {
    if (selection.all || selection.uids.size > 0) return selection;
    const row = rowAt(cursor);
    return { all: false, uids: new Set(row ? [row.uid] : []) };
  }

  function select(index: number, uid: number, event: { shiftKey: boolean }) {
    if (event.shiftKey) extendTo(index, uidsBetween);
    else toggle(uid, index);
  }

  function onRowClick(index: number, uid: number, event: MouseEvent) {
    setCursor(index);
    if (event.shiftKey || event.metaKey || event.ctrlKey) select(index, uid, event);
  }

  function moveCursor(to: number) {
    if (!total) return;
    const next = Math.max(0, Math.min(total - 1, to));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement)
      return;
    const row = rowAt(cursor);
    const key = event.key;
    if (key === 'j' || key === 'ArrowDown') moveCursor(cursor + 1);
    else if (key === 'k' || key === 'ArrowUp') moveCursor(cursor - 1);
    else if (key === 'Home') moveCursor(0);
    else if (key === 'End') moveCursor((total ?? 1) - 1);
    else if (key === 'x' && row) select(cursor, row.uid, event);
    else if (key === 's' && row) actions.toggleStar(row);
    else if (key === 'Escape') clear();
    else if (keyActions[key]) actions.run(keyActions[key], targets());
    else return;
    event.preventDefault();
  }

  const chosen = selection.all ? (total ?? 0) : selection.uids.size;
  const countLabel = selection.all
    ? `All ${chosen.toLocaleString()} selected`
    : `${chosen.toLocaleString()} selected`;
  const current = rowAt(cursor);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {chosen > 0 ? (
        <BulkToolbar
          count={countLabel}
          busy={actions.busy}
          folders={folders}
          current={folder}
          onAction={(action) => actions.run(action, selection)}
          onMove={(to) => actions.moveTo(selection, to)}
          onClear={clear}
        />
      ) : (
        total !== undefined &&
        total > 0 && (
          <div className="flex items-center border-b border-line px-2 py-1">
            <button
              type="button"
              onClick={selectAll}
              className="min-h-10 rounded-md px-2 text-sm hover:bg-line"
            >
              Select all {total.toLocaleString()}
            </button>
            <span className="ml-auto hidden text-xs text-muted sm:inline">
              j/k move · x select · s star · e archive · # delete
            </span>
          </div>
        )
      )}
      {(problem || actions.problem) && (
        <div
          role="alert"
          className="flex items-center gap-2 border-b border-bad px-4 py-2 text-sm text-bad"
        >
          <CircleAlert aria-hidden className="size-4 shrink-0" />
          <span className="flex-1">{actions.problem ?? problem}</span>
          <button
            type="button"
            onClick={actions.problem ? actions.dismiss : retry}
            className="min-h-9 rounded-md px-3 underline"
          >
            {actions.problem ? 'Dismiss' : 'Try again'}
          </button>
        </div>
      )}
      {total === undefined && !problem && (
        <p className="flex items-center gap-2 p-4 text-muted" role="status">
          <LoaderCircle aria-hidden className="size-4 animate-spin" /> Loading messages…
        </p>
      )}
      {total === 0 && <p className="p-4 text-muted">No messages here.</p>}
      <p className="sr-only" aria-live="polite">
        {current ? `Message ${cursor + 1} of ${total}: ${current.subject}` : ''}
      </p>
      <div
        ref={scroller}
        data-testid="message-scroller"
        // Focusable, so the keyboard can scroll it and use the list's shortcuts.
        tabIndex={0}
        role="region"
        aria-label="Message list"
        onKeyDown={onKeyDown}
        className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
      >
        <ul
          aria-label={`Messages in ${folder}`}
          className="relative w-full"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const message = rowAt(item.index);
            const selected = message ? isSelected(message.uid) : false;
            return (
              <li
                key={message ? `m${message.uid}` : `p${item.index}`}
                aria-busy={message ? undefined : true}
                aria-posinset={item.index + 1}
                aria-setsize={total}
                data-cursor={item.index === cursor || undefined}
                onClick={
                  message ? (event) => onRowClick(item.index, message.uid, event) : undefined
                }
                className={`absolute left-0 w-full border-b border-line ${
                  selected ? 'bg-accent/10' : ''
                } data-[cursor]:shadow-[inset_3px_0_0_var(--color-accent)]`}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {message ? (
                  <SwipeRow
                    onSwipe={(action) =>
                      actions.run(action, { all: false, uids: new Set([message.uid]) })
                    }
                  >
                    <MessageRow
                      message={message}
                      selected={selected}
                      onToggle={(event) => {
                        event.stopPropagation();
                        setCursor(item.index);
                        select(item.index, message.uid, event);
                      }}
                      onStar={() => actions.toggleStar(message)}
                    />
                  </SwipeRow>
                ) : (
                  <RowPlaceholder />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
