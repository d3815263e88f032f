'use client';

/**
 * The message list's data: the folder's length, and rows loaded in windows of 50 only when they
 * come into view. A virtual list asks for the range it shows; windows already loaded or loading
 * are not asked for again. Key the component using it by folder, sort and filter.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageSummary } from '@/lib/mail/types';
import { fetchMessages, fetchPreviews, type MessageListParams } from './api';

export const windowSize = 50;
/**
 * Previews wait until the list has rested this long on the same rows, so fast scrolling through
 * a huge folder asks only for rows, and previews come for the rows the user stops at.
 */
const previewDelayMs = 200;

export interface MessageWindows {
  /** Undefined until the first window answered. */
  total: number | undefined;
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
}

export function useMessageWindows(folder: string, params: MessageListParams): MessageWindows {
  const [total, setTotal] = useState<number>();
  const [problem, setProblem] = useState<string>();
  const [, setVersion] = useState(0);
  const windows = useRef(new Map<number, MessageSummary[]>());
  const loading = useRef(new Set<number>());
  const controller = useRef(new AbortController());
  /** The windows the list shows now, and the timer that will ask for their previews. */
  const shown = useRef({ first: 0, last: 0 });
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
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
    (index: number, refresh = false) => {
      // This list's requests in flight; a list that went away keeps its own set.
      const pending = loading.current;
      if (windows.current.has(index) || pending.has(index)) return;
      pending.add(index);
      const { signal } = controller.current;
      void fetchMessages(
        folder,
        { sort, order, filter, offset: index * windowSize, limit: windowSize, refresh },
        signal,
      ).then(
        (result) => {
          pending.delete(index);
          if (signal.aborted) return;
          if (!result.ok) {
            setProblem(result.message);
            return;
          }
          windows.current.set(index, result.value.messages);
          setProblem(undefined);
          setTotal(result.value.total);
          setVersion((v) => v + 1);
          schedulePreviews();
        },
        () => pending.delete(index), // aborted: a newer list replaced this one
      );
    },
    [folder, sort, order, filter, schedulePreviews],
  );

  // One list per folder, sort and filter: the caller keys the component by them, so a new list
  // starts from empty state; here only the first window is asked for, and requests of a list
  // that went away are cancelled (Strict Mode runs this twice: the second run asks again).
  // A list just opened (or refreshed) asks the server to look for changes first.
  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    loading.current = new Set();
    load(0, true);
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

  const retry = useCallback(() => {
    setProblem(undefined);
    const first = windows.current.size === 0;
    if (first) load(0);
    else setVersion((v) => v + 1);
  }, [load]);

  const loaded = useCallback(() => {
    const rows: Array<{ index: number; row: MessageSummary }> = [];
    for (const [windowIndex, windowRows] of [...windows.current].sort((a, b) => a[0] - b[0]))
      windowRows.forEach((row, i) => rows.push({ index: windowIndex * windowSize + i, row }));
    return rows;
  }, []);

  const updateRows = useCallback(
    (
      matches: (row: MessageSummary) => boolean,
      change: (row: MessageSummary) => MessageSummary,
    ) => {
      const before = new Map<number, MessageSummary[]>();
      for (const [index, rows] of windows.current) {
        if (!rows.some(matches)) continue;
        before.set(index, rows);
        windows.current.set(
          index,
          rows.map((row) => (matches(row) ? change(row) : row)),
        );
      }
      setVersion((v) => v + 1);
      return () => {
        for (const [index, rows] of before) windows.current.set(index, rows);
        setVersion((v) => v + 1);
      };
    },
    [],
  );

  return { total, rowAt, ensureRange, problem, retry, loaded, updateRows };
}
