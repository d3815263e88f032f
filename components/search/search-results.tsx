'use client';

/**
 * A search's results as a virtual list, like the folder's: rows load by windows as they come
 * into view, and open in the reading pane. An all-folder search shows its progress as folders
 * finish and can be stopped; folders that could not be searched are named.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { CircleAlert, LoaderCircle, SearchX } from 'lucide-react';
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useKeyboardShortcuts } from '@/lib/client/use-keyboard-shortcuts';
import type { ListAction, Undo } from '@/lib/client/use-list-actions';
import { useResultActions } from '@/lib/client/search/use-result-actions';
import { useMailEvents } from '@/lib/client/use-mail-events';
import { useSearchResults } from '@/lib/client/search/use-search-results';
import type { Folder } from '@/lib/mail/types';
import { BulkToolbar } from '@/components/mail/bulk-toolbar';
import { MessageRow, RowPlaceholder } from '@/components/mail/message-row';

const rowHeight = 64;

/** Keys that act on the chosen results (or the one under the cursor when none are chosen). */
const keyActions: Record<string, ListAction> = {
  e: 'archive',
  '#': 'delete',
  I: 'read',
  U: 'unread',
};

/** A message among the results: results span folders, so a UID alone does not name one. */
export interface ResultRef {
  folder: string;
  uid: number;
}

export interface SearchResultsHandle {
  act: (action: ListAction, message: ResultRef) => void;
  move: (message: ResultRef, to: string) => void;
  /** The result after (1) or before (-1) this one. */
  step: (message: ResultRef, by: 1 | -1) => ResultRef | undefined;
}

export function SearchResults({
  ref,
  q,
  folder,
  searched,
  folders,
  open,
  onOpen,
  onMoved,
}: {
  ref?: Ref<SearchResultsHandle>;
  q: string;
  /** The folder the user is in (the query's `in:` may name another, or all). */
  folder: string;
  /** The folder searched, or undefined for all of them. */
  searched: string | undefined;
  folders: Folder[] | undefined;
  open: ResultRef | undefined;
  onOpen: (message: ResultRef) => void;
  onMoved: (notice: string, undo?: Undo) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const allFolders = searched === undefined;
  const results = useSearchResults(q, folder, allFolders);
  const { rowAt, ensureRange, progress, stopped, loaded } = results;
  const { choice, actions, act, moveTo } = useResultActions({ folder, folders, results, onMoved });
  const chosen = choice.selection.uids.size;
  const [cursor, setCursor] = useState(0);
  /** While an all-folder search streams, its first rows still move: choosing waits until it ends. */
  const settled = progress === undefined;
  // Stopped early, the list is what was found; the rest of the count was never fetched.
  const total =
    results.total === undefined
      ? undefined
      : stopped
        ? Math.min(results.total, loaded().length)
        : results.total;

  // Read, starred, answered: results follow the flags of the folder being watched live.
  useMailEvents(folder, (event) => {
    if (event.type !== 'message.flags') return;
    results.updateRows(
      (row) => row.folder === event.folder && row.uid === event.uid,
      (row) => ({ ...row, flags: event.flags }),
    );
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

  const indexOf = (message: ResultRef) =>
    loaded().find(({ row }) => row.uid === message.uid && row.folder === message.folder);

  useImperativeHandle(ref, () => ({
    act(action, message) {
      actions.run(action, { all: false, uids: new Set([message.uid]) }, message.folder);
    },
    move(message, to) {
      actions.moveTo({ all: false, uids: new Set([message.uid]) }, to, message.folder);
    },
    step(message, by) {
      const at = indexOf(message);
      const next = at && rowAt(at.index + by);
      if (!at || !next) return undefined;
      moveCursor(at.index + by);
      return { folder: next.folder, uid: next.uid };
    },
  }));

  /** x, a checkbox or ctrl-click: one result in or out; with Shift, every loaded one up to it. */
  function select(index: number, event: { shiftKey: boolean }) {
    if (event.shiftKey)
      choice.extendTo(index, (from, to) =>
        loaded()
          .filter((r) => r.index >= from && r.index <= to)
          .map((r) => r.index),
      );
    else choice.toggle(index, index);
  }

  function moveCursor(to: number) {
    if (!total) return;
    const next = Math.max(0, Math.min(total - 1, to));
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  useKeyboardShortcuts((event) => {
    const key = event.key;
    const inList = scroller.current?.contains(event.target as Node) ?? false;
    if ((key === 'ArrowDown' || key === 'ArrowUp') && !inList) return false;
    if (key === 'Enter' && event.target !== scroller.current) return false;
    const row = rowAt(cursor);
    if (open && (key === 'j' || key === 'k')) {
      // From the open message, wherever the cursor is (after a reload it starts at the top).
      const from = indexOf(open)?.index ?? cursor;
      const by = key === 'j' ? 1 : -1;
      const next = rowAt(from + by);
      moveCursor(from + by);
      if (next) onOpen({ folder: next.folder, uid: next.uid });
    } else if (!settled && /^[xXsI#eU]$/.test(key)) {
      return false;
    } else if (key === 'j' || key === 'ArrowDown') moveCursor(cursor + 1);
    else if (key === 'k' || key === 'ArrowUp') moveCursor(cursor - 1);
    else if ((key === 'Enter' || key === 'o') && row) onOpen({ folder: row.folder, uid: row.uid });
    else if (key === 's' && row) actions.toggleStar(row);
    else if ((key === 'x' || key === 'X') && row) select(cursor, event);
    else if (key === 'Escape') choice.clear();
    else if (keyActions[key]) act(keyActions[key], cursor);
    else return false;
    return true;
  });

  const where =
    searched === undefined ? 'in all folders' : `in ${searched === 'INBOX' ? 'Inbox' : searched}`;
  const problem = results.queryProblem ?? results.problem ?? actions.problem;
  const current = rowAt(cursor);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {chosen > 0 && (
        <BulkToolbar
          count={`${chosen.toLocaleString()} selected`}
          busy={actions.busy}
          folders={folders}
          current={searched ?? ''}
          onAction={(action) => act(action, cursor)}
          onMove={(to) => moveTo(to, cursor)}
          onClear={choice.clear}
        />
      )}
      <div className="flex min-h-10 items-center gap-2 border-b border-line px-4 py-1 text-sm">
        <p role="status" className="flex min-w-0 flex-1 items-center gap-2 text-muted">
          {progress ? (
            <>
              <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin" />
              Searching {where}…
              {/* Seen, not read out at every folder: the region announces the start and the end. */}
              <span aria-hidden>
                {progress.searched} of {progress.folders} folders,{' '}
                {(results.total ?? 0).toLocaleString()} found
              </span>
            </>
          ) : total === undefined ? (
            !problem && (
              <>
                <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin" />
                Searching {where}…
              </>
            )
          ) : stopped ? (
            `Stopped: ${total.toLocaleString()} found before the search was stopped.`
          ) : (
            `${total.toLocaleString()} ${total === 1 ? 'message' : 'messages'} found ${where}`
          )}
        </p>
        {progress && (
          <button
            type="button"
            onClick={results.stop}
            className="min-h-9 rounded-md px-3 font-medium text-accent underline"
          >
            Stop
          </button>
        )}
      </div>
      {results.failedFolders.length > 0 && (
        <div role="alert" className="border-b border-line px-4 py-2 text-sm text-bad">
          <p>
            {results.failedFolders.length === 1
              ? 'One folder could not be searched, so results from it are missing:'
              : `${results.failedFolders.length} folders could not be searched, so results from them are missing:`}
          </p>
          <ul className="list-disc pl-5">
            {results.failedFolders.map((f) => (
              <li key={f.folder}>
                {f.folder}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {problem && (
        <div
          role="alert"
          className="flex items-center gap-2 border-b border-bad px-4 py-2 text-sm text-bad"
        >
          <CircleAlert aria-hidden className="size-4 shrink-0" />
          <span className="flex-1">
            {results.queryProblem ? `This search cannot be run: ${problem}` : problem}
          </span>
          {!results.queryProblem && (
            <button
              type="button"
              onClick={actions.problem ? actions.dismiss : results.retry}
              className="min-h-9 rounded-md px-3 underline"
            >
              {actions.problem ? 'Dismiss' : 'Try again'}
            </button>
          )}
        </div>
      )}
      {total === 0 && !progress && (
        <div className="flex flex-col items-center gap-2 p-6 text-center text-muted">
          <SearchX aria-hidden className="size-8" />
          <p>No messages match this search {where}.</p>
          {!allFolders && <p className="text-sm">Try adding in:all to search every folder.</p>}
        </div>
      )}
      <p className="sr-only" aria-live="polite">
        {current ? `Result ${cursor + 1} of ${total}: ${current.subject}` : ''}
      </p>
      <div
        ref={scroller}
        data-testid="search-scroller"
        tabIndex={0}
        role="region"
        aria-label="Search results"
        className="min-h-0 flex-1 overflow-y-auto overscroll-contain"
      >
        <ul
          aria-label={`Search results ${where}`}
          className="relative w-full"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const message = rowAt(item.index);
            const isOpen =
              message && open && message.uid === open.uid && message.folder === open.folder;
            return (
              <li
                key={message ? `${message.folder}\u0000${message.uid}` : `p${item.index}`}
                aria-busy={message ? undefined : true}
                aria-posinset={item.index + 1}
                aria-setsize={total}
                data-cursor={item.index === cursor || undefined}
                aria-current={isOpen ? 'true' : undefined}
                onClick={(event) => {
                  if (!message) return;
                  setCursor(item.index);
                  if (settled && (event.shiftKey || event.metaKey || event.ctrlKey))
                    select(item.index, event);
                  else onOpen({ folder: message.folder, uid: message.uid });
                }}
                className={`absolute left-0 w-full cursor-pointer border-b border-line ${
                  choice.isSelected(item.index) ? 'bg-accent/10' : ''
                } aria-[current]:bg-accent/15 data-[cursor]:shadow-[inset_3px_0_0_var(--color-accent)]`}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              >
                {message ? (
                  <MessageRow
                    message={message}
                    selected={choice.isSelected(item.index)}
                    onToggle={
                      settled
                        ? (event) => {
                            event.stopPropagation();
                            setCursor(item.index);
                            select(item.index, event);
                          }
                        : undefined
                    }
                    folder={allFolders ? message.folder : undefined}
                    onStar={() => actions.toggleStar(message)}
                  />
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
