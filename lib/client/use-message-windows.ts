'use client';

/**
 * The message list's data: the folder's length, and rows loaded in windows of 50 only when they
 * come into view. A virtual list asks for the range it shows; windows already loaded or loading
 * are not asked for again. Key the component using it by folder, sort and filter.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageSummary } from '@/lib/mail/types';
import { fetchMessages, fetchPreviews, type ApiFailure, type MessageListParams } from './api';
import type { ListEdit, WindowMap } from './message-window-edits';
import { changeRows, loadedRows } from './window-rows';

export const windowSize = 50;
/**
 * Previews wait until the list has rested this long on the same rows, so fast scrolling through
 * a huge folder asks only for rows, and previews come for the rows the user stops at.
 */
const previewDelayMs = 200;
/**
 * After a live change, windows are asked for with refresh=1 for this long: the server's list
 * connection looks for other clients' changes at most every 2 s, so a plain request could
 * answer from before the change and misplace every row by the ones added or removed.
 */
const freshAfterChangeMs = 2500;
/**
 * A window that failed for a passing reason (Tern or the mail server briefly unreachable, all
 * connections busy) is asked for again this many times, after these many seconds times the
 * attempt, while it is still on screen; only then is the problem shown.
 */
const transientRetries = 3;
const transientDelaySeconds = 1;

function isTransient(result: ApiFailure): boolean {
  return (
    result.status === 0 || result.status === 502 || result.status === 503 || result.status === 504
  );
}

export interface MessageWindows {
  /** Undefined until the first window answered. */
  total: number | undefined;
  /** The same, as of the last change, which may not have rendered yet. */
  totalNow: () => number | undefined;
  /** The row at an index, or undefined while its window loads. */
  rowAt: (index: number) => MessageSummary | undefined;
  /** Loads the windows covering rows start..end (inclusive). */
  ensureRange: (start: number, end: number) => void;
  /** What went wrong with the last request, written for the user. */
  problem: string | undefined;
  retry: () => void;
  /** The rows loaded so far, in list order with their indexes (for ranges and "all"). */
  loaded: () => Array<{ index: number; row: MessageSummary }>;
  /** Changes loaded rows in place (an optimistic update); returns how to undo it. */
  updateRows: (
    matches: (row: MessageSummary) => boolean,
    change: (row: MessageSummary) => MessageSummary,
  ) => () => void;
  /**
   * A live change to the loaded rows (new or expunged mail); when it answers undefined (it
   * cannot place the change), the list is fetched again instead. Answers the edit made.
   */
  edit: (
    change: (windows: WindowMap, total: number) => ListEdit | undefined,
  ) => ListEdit | undefined;
  /** Fetches the windows on screen again (refresh=1), showing the old rows until they arrive. */
  refetch: () => void;
  /**
   * The server's watch reports the folder at `version` (null: it cannot tell): fetches again
   * unless the rows are from that version. Before any rows came, the first answer is checked.
   */
  syncTo: (version: string | null) => void;
}

/** Rows from `answered` are current at `reported`; never sure without CONDSTORE (`…:none`). */
export function sameFolderVersion(answered: string | undefined, reported: string | null): boolean {
  return answered !== undefined && answered === reported && !answered.endsWith(':none');
}

export function useMessageWindows(folder: string, params: MessageListParams): MessageWindows {
  const [total, setTotalState] = useState<number>();
  /** The same, for changes that come in faster than renders. */
  const totalNow = useRef<number | undefined>(undefined);
  const setTotal = useCallback((value: number) => {
    totalNow.current = value;
    setTotalState(value);
  }, []);
  const [problem, setProblem] = useState<string>();
  const [, setVersion] = useState(0);
  const windows = useRef(new Map<number, MessageSummary[]>());
  const loading = useRef(new Set<number>());
  const controller = useRef(new AbortController());
  /** The windows the list shows now, and the timer that will ask for their previews. */
  const shown = useRef({ first: 0, last: 0 });
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const freshUntil = useRef(0);
  /** The folder version of the last answer, and a reported one the next answer must match. */
  const answeredVersion = useRef<string | undefined>(undefined);
  const reportedVersion = useRef<string | null | undefined>(undefined);
  /** refetch(), for answers that find they are out of date (it is defined after load). */
  const refetchRef = useRef<() => void>(() => {});
  const { sort, order, filter } = params;

  /** Fills in the previews of the rows on screen that have none yet; a failure leaves them so. */
  const loadPreviews = useCallback(() => {
    const { signal } = controller.current;
    for (let index = shown.current.first; index <= shown.current.last; index++) {
      const rows = windows.current.get(index);
      const missing = rows?.filter((row) => row.preview === undefined).map((row) => row.uid);
      if (!missing?.length) continue;
      void fetchPreviews(folder, missing, signal).then(
        (result) => {
          const current = windows.current.get(index);
          if (signal.aborted || !result.ok || !current) return;
          const { previews } = result.value;
          windows.current.set(
            index,
            current.map((row) => {
              const preview = previews[String(row.uid)];
              return preview === undefined ? row : { ...row, preview };
            }),
          );
          setVersion((v) => v + 1);
        },
        () => {},
      );
    }
  }, [folder]);

  const schedulePreviews = useCallback(() => {
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(loadPreviews, previewDelayMs);
  }, [loadPreviews]);

  const load = useCallback(
    (first: number, options: { refresh?: boolean; replace?: boolean } = {}) => {
      function request(index: number, { refresh = false, replace = false, attempt = 0 }) {
        // This list's requests in flight; a list that went away, or rows that moved since (a
        // live change replaces the set), keep their own set, and their answers are stale.
        const pending = loading.current;
        if ((!replace && windows.current.has(index)) || pending.has(index)) return;
        pending.add(index);
        const { signal } = controller.current;
        const fresh = refresh || performance.now() < freshUntil.current;
        void fetchMessages(
          folder,
          { sort, order, filter, offset: index * windowSize, limit: windowSize, refresh: fresh },
          signal,
        ).then(
          (result) => {
            pending.delete(index);
            if (signal.aborted) return;
            if (pending !== loading.current) {
              // Rows moved while this was on its way: ask again if it is still on screen.
              const { first, last } = shown.current;
              if (index >= first && index <= last) request(index, { replace: true });
              return;
            }
            if (!result.ok) {
              const { first, last } = shown.current;
              const onScreen = index >= first && index <= last;
              if (isTransient(result) && attempt < transientRetries && onScreen) {
                const seconds = result.retryAfterSeconds ?? transientDelaySeconds;
                setTimeout(
                  () => {
                    if (!signal.aborted && pending === loading.current)
                      request(index, { refresh, replace, attempt: attempt + 1 });
                  },
                  seconds * 1000 * (attempt + 1),
                );
                return;
              }
              setProblem(result.message);
              return;
            }
            windows.current.set(index, result.value.messages);
            answeredVersion.current = result.value.version;
            setProblem(undefined);
            setTotal(result.value.total);
            setVersion((v) => v + 1);
            schedulePreviews();
            const reported = reportedVersion.current;
            reportedVersion.current = undefined;
            if (reported !== undefined && !sameFolderVersion(result.value.version, reported))
              refetchRef.current();
          },
          () => pending.delete(index), // aborted: a newer list replaced this one
        );
      }
      request(first, options);
    },
    [folder, sort, order, filter, schedulePreviews, setTotal],
  );

  // One list per folder, sort and filter: the caller keys the component by them, so a new list
  // starts from empty state; here only the first window is asked for, and requests of a list
  // that went away are cancelled (Strict Mode runs this twice: the second run asks again).
  // A list just opened (or refreshed) asks the server to look for changes first.
  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    loading.current = new Set();
    load(0, { refresh: true });
    return () => {
      current.abort();
      clearTimeout(previewTimer.current);
    };
  }, [load]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(start / windowSize);
      const last = Math.floor(end / windowSize);
      shown.current = { first, last };
      for (let i = first; i <= last; i++) load(i);
      schedulePreviews();
    },
    [load, schedulePreviews],
  );

  const rowAt = useCallback(
    (index: number) => windows.current.get(Math.floor(index / windowSize))?.[index % windowSize],
    [],
  );

  /** Asks again for the windows on screen that have not loaded (the first one, at the start). */
  const retry = useCallback(() => {
    setProblem(undefined);
    const { first, last } = shown.current;
    for (let i = first; i <= last; i++) load(i);
  }, [load]);

  const loaded = useCallback(() => loadedRows(windows.current, windowSize), []);

  const updateRows = useCallback(
    (
      matches: (row: MessageSummary) => boolean,
      change: (row: MessageSummary) => MessageSummary,
    ) => {
      const undo = changeRows(windows.current, matches, change);
      setVersion((v) => v + 1);
      return () => {
        undo();
        setVersion((v) => v + 1);
      };
    },
    [],
  );

  const refetch = useCallback(() => {
    loading.current = new Set();
    freshUntil.current = performance.now() + freshAfterChangeMs;
    const { first, last } = shown.current;
    // Windows off screen are stale now; they load again when they come into view.
    for (const index of [...windows.current.keys()])
      if (index < first || index > last) windows.current.delete(index);
    for (let i = first; i <= last; i++) load(i, { replace: true });
  }, [load]);

  useEffect(() => {
    refetchRef.current = refetch;
  }, [refetch]);

  const syncTo = useCallback(
    (version: string | null) => {
      if (answeredVersion.current === undefined) reportedVersion.current = version;
      else if (!sameFolderVersion(answeredVersion.current, version)) refetch();
    },
    [refetch],
  );

  const edit = useCallback(
    (change: (windows: WindowMap, total: number) => ListEdit | undefined) => {
      const known = totalNow.current;
      const made = known === undefined ? undefined : change(windows.current, known);
      if (!made) {
        refetch();
        return undefined;
      }
      if (made.change === 0) return made;
      windows.current = made.windows;
      loading.current = new Set();
      freshUntil.current = performance.now() + freshAfterChangeMs;
      setTotal(made.total);
      setVersion((v) => v + 1);
      // Windows left out because their rows are no longer all known load again if on screen.
      const { first, last } = shown.current;
      for (let i = first; i <= last; i++) load(i);
      return made;
    },
    [setTotal, load, refetch],
  );

  const readTotal = useCallback(() => totalNow.current, []);

  return {
    total,
    totalNow: readTotal,
    rowAt,
    ensureRange,
    problem,
    retry,
    loaded,
    updateRows,
    edit,
    refetch,
    syncTo,
  };
}
