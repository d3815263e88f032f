'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { CircleAlert, Keyboard, LoaderCircle } from 'lucide-react';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
  type Ref,
} from 'react';
import type { MessageListParams } from '@/lib/client/api';
import { startMessageDrag } from '@/lib/client/message-drag';
import { useKeyboardShortcuts } from '@/lib/client/use-keyboard-shortcuts';
import type { ListEdit } from '@/lib/client/message-window-edits';
import { useListActions, type ListAction, type Undo } from '@/lib/client/use-list-actions';
import { useLiveList } from '@/lib/client/use-live-list';
import { useMediaQuery } from '@/lib/client/use-media-query';
import { useMessageWindows } from '@/lib/client/use-message-windows';
import { usePullToRefresh } from '@/lib/client/use-pull-to-refresh';
import { useSelection, type SelectionState } from '@/lib/client/use-selection';
import type { Folder } from '@/lib/mail/types';
import { BulkToolbar } from './bulk-toolbar';
import { MessageRow, RowPlaceholder } from './message-row';
import { PullIndicator } from './pull-indicator';
import { SwipeRow } from './swipe-row';

const rowHeight = 64;

/** Keys that act on the chosen messages (or the one under the cursor when none are chosen). */
const keyActions: Record<string, ListAction> = {
  e: 'archive',
  '#': 'delete',
  I: 'read',
  U: 'unread',
};

/** Keys that move the cursor; they act only while the list has the focus, like a scroll. */
const cursorKeys = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End']);

/** What the page around the list can ask of it. */
export interface MessageListHandle {
  /** Moves the messages being dragged (set when a drag starts) to a folder they were dropped on. */
  dropOn: (folder: string) => void;
  /** An action on one message (the open one), shown in the list as it happens. */
  act: (action: ListAction, uid: number) => void;
  /** Moves one message (the open one) to a folder. */
  move: (uid: number, to: string) => void;
  /** Moves the cursor to the message after (1) or before (-1) this one; answers its UID. */
  step: (uid: number, by: 1 | -1) => number | undefined;
}

/**
 * A virtual list over the whole folder: the scroll bar stands for every message, only the rows
 * on screen are in the page, and their windows load as they come into view. Key it by folder,
 * sort and filter, so each list starts fresh at the top.
 */
export function MessageList({
  ref,
  folder,
  params,
  folders,
  onMoved,
  onRefresh,
  onShowShortcuts,
  openUid,
  onOpen,
}: {
  ref?: Ref<MessageListHandle>;
  folder: string;
  params: MessageListParams;
  folders: Folder[] | undefined;
  onMoved: (notice: string, undo?: Undo) => void;
  onRefresh: () => void;
  onShowShortcuts: () => void;
  /** The message open in the reading pane, marked in the list. */
  openUid: number | undefined;
  onOpen: (uid: number) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const dragged = useRef<SelectionState | undefined>(undefined);
  const finePointer = useMediaQuery('(pointer: fine)');
  const pull = usePullToRefresh(scroller, onRefresh);
  const windows = useMessageWindows(folder, params);
  const { total, rowAt, ensureRange, problem, retry, loaded, updateRows } = windows;
  const { selection, isSelected, toggle, extendTo, selectAll, clear, forget, moveAnchor } =
    useSelection();
  const actions = useListActions({ folder, folders, updateRows, onMoved });
  const [cursor, setCursor] = useState(0);
  /** Pixels to scroll by once rows added or removed above the view are in the page. */
  const pendingScroll = useRef(0);

  /**
   * Live mail moved rows: the cursor and the shift-click anchor stay on their messages, and
   * further down the list the same rows stay in view; at the top, new mail shows where the
   * user looks.
   */
  function keepPlace({ moveIndex, total: rows }: ListEdit) {
    setCursor((c) => Math.max(0, Math.min(rows - 1, moveIndex(c))));
    moveAnchor(moveIndex);
    const element = scroller.current;
    if (!element || element.scrollTop <= 0) return;
    const first = Math.floor(element.scrollTop / rowHeight);
    pendingScroll.current += (moveIndex(first) - first) * rowHeight;
  }
  useLiveList({ folder, params, windows, onGone: forget, onMoved: keepPlace });

  // After the render that changed the list's height, so the browser does not clamp the offset.
  useLayoutEffect(() => {
    const delta = pendingScroll.current;
    if (delta === 0 || !scroller.current) return;
    pendingScroll.current = 0;
    scroller.current.scrollTop += delta;
  });

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
    const choosing = selection.all || selection.uids.size > 0;
    // While choosing on a touch screen, a tap adds or removes the row, as in phone mail apps.
    const tap = choosing && (event.nativeEvent as PointerEvent).pointerType === 'touch';
    if (tap || event.shiftKey || event.metaKey || event.ctrlKey) select(index, uid, event);
    else onOpen(uid);
  }

  /** Dragging a chosen row takes all the chosen messages along; any other row goes alone. */
  function onDragStart(event: DragEvent, uid: number) {
    const group = isSelected(uid) ? selection : { all: false, uids: new Set([uid]) };
    dragged.current = group;
    const count = group.all ? (total ?? 0) : group.uids.size;
    startMessageDrag(event, `${count.toLocaleString()} message${count === 1 ? '' : 's'}`);
  }

  useImperativeHandle(ref, () => ({
    dropOn(to: string) {
      if (dragged.current) actions.moveTo(dragged.current, to);
      dragged.current = undefined;
    },
    act(action: ListAction, uid: number) {
      actions.run(action, { all: false, uids: new Set([uid]) });
    },
    move(uid: number, to: string) {
      actions.moveTo({ all: false, uids: new Set([uid]) }, to);
    },
    step(uid: number, by: 1 | -1) {
      const rows = loaded();
      const at = rows.findIndex(({ row }) => row.uid === uid);
      const next = at < 0 ? undefined : rows[at + by];
      if (next) moveCursor(next.index);
      return next?.row.uid;
    },
  }));

  function moveCursor(to: number) {
    if (!total) return;
    const next = Math.max(0, Math.min(total - 1, to));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  useKeyboardShortcuts((event) => {
    const key = event.key;
    if (cursorKeys.has(key) && !scroller.current?.contains(event.target as Node)) return false;
    // Enter on a focused button or link is that control's own.
    if (key === 'Enter' && event.target !== scroller.current && event.target !== document.body)
      return false;
    const row = rowAt(cursor);
    // With a message open, j and k open the next or previous one, as they do in Gmail.
    if (openUid !== undefined && (key === 'j' || key === 'k')) {
      const next = rowAt(Math.max(0, Math.min((total ?? 1) - 1, cursor + (key === 'j' ? 1 : -1))));
      moveCursor(cursor + (key === 'j' ? 1 : -1));
      if (next) onOpen(next.uid);
    } else if (key === 'j' || key === 'ArrowDown') moveCursor(cursor + 1);
    else if (key === 'k' || key === 'ArrowUp') moveCursor(cursor - 1);
    else if (key === 'Home') moveCursor(0);
    else if (key === 'End') moveCursor((total ?? 1) - 1);
    else if ((key === 'x' || key === 'X') && row) select(cursor, row.uid, event);
    else if (key === 's' && row) actions.toggleStar(row);
    else if ((key === 'Enter' || key === 'o') && row) onOpen(row.uid);
    else if (key === 'Escape') clear();
    else if (keyActions[key]) actions.run(keyActions[key], targets());
    else return false;
    return true;
  });

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
            <button
              type="button"
              onClick={onShowShortcuts}
              className="ml-auto hidden min-h-10 items-center gap-1 rounded-md px-2 text-xs text-muted hover:bg-line sm:flex"
            >
              <Keyboard aria-hidden className="size-4" /> Shortcuts <kbd>?</kbd>
            </button>
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
        {...pull.handlers}
        className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
      >
        <PullIndicator pull={pull.pull} ready={pull.ready} />
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
                aria-current={message && message.uid === openUid ? 'true' : undefined}
                draggable={Boolean(message) && finePointer}
                onDragStart={message ? (event) => onDragStart(event, message.uid) : undefined}
                onDragEnd={() => setTimeout(() => (dragged.current = undefined))}
                onClick={
                  message ? (event) => onRowClick(item.index, message.uid, event) : undefined
                }
                className={`absolute left-0 w-full cursor-pointer border-b border-line ${
                  selected ? 'bg-accent/10' : ''
                } aria-[current]:bg-accent/15 data-[cursor]:shadow-[inset_3px_0_0_var(--color-accent)]`}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {message ? (
                  <SwipeRow
                    onSwipe={(action) =>
                      actions.run(action, { all: false, uids: new Set([message.uid]) })
                    }
                    onLongPress={() => {
                      setCursor(item.index);
                      if (!isSelected(message.uid)) toggle(message.uid, item.index);
                    }}
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
