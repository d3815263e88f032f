'use client';

/**
 * A search's results, loaded in windows of 50 as the virtual list shows them (the server keeps
 * the matching UIDs, so each window is one cheap request). An all-folder search streams its
 * first window as folders finish, with progress, and can be stopped. Key the component using
 * it by query and folder, so each search starts fresh.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FailedFolder, SearchHit, SearchPage } from '@/lib/mail/types';
import { fetchPreviews, type ApiResult } from '../api';
import { searchMessages, streamSearch } from './search-api';
import { changeRows, loadedRows } from '../window-rows';

export const searchWindowSize = 50;
const previewDelayMs = 200;

export interface SearchResults {
  /** Undefined until the first answer (or progress) arrives. */
  total: number | undefined;
  rowAt: (index: number) => SearchHit | undefined;
  ensureRange: (start: number, end: number) => void;
  /** Folders searched so far, while an all-folder search runs. */
  progress: { searched: number; folders: number } | undefined;
  /** The user stopped the search: the results are those found until then. */
  stopped: boolean;
  stop: () => void;
  /** The query itself is wrong (the server's words, with the position). */
  queryProblem: string | undefined;
  /** Anything else that went wrong, with Try again. */
  problem: string | undefined;
  retry: () => void;
  failedFolders: FailedFolder[];
  loaded: () => Array<{ index: number; row: SearchHit }>;
  updateRows: (
    matches: (row: SearchHit) => boolean,
    change: (row: SearchHit) => SearchHit,
  ) => () => void;
}

export function useSearchResults(q: string, folder: string, allFolders: boolean): SearchResults {
  const [total, setTotal] = useState<number>();
  const [progress, setProgress] = useState<SearchResults['progress']>();
  const [stopped, setStopped] = useState(false);
  const [queryProblem, setQueryProblem] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [failedFolders, setFailedFolders] = useState<FailedFolder[]>([]);
  const [, setVersion] = useState(0);
  const windows = useRef(new Map<number, SearchHit[]>());
  const loading = useRef(new Set<number>());
  const controller = useRef(new AbortController());
  /** Stops the streaming search alone (Stop), leaving previews and the rest to `controller`. */
  const streamStop = useRef<AbortController | undefined>(undefined);
  const shown = useRef({ first: 0, last: 0 });
  /** While the first window streams, later windows wait for the search to finish. */
  const streaming = useRef(false);
  const previewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const show = useCallback((index: number, page: SearchPage) => {
    windows.current.set(index, page.messages);
    setTotal(page.total);
    setFailedFolders((known) => {
      const more = page.failedFolders.filter((f) => !known.some((k) => k.folder === f.folder));
      return more.length ? [...known, ...more] : known;
    });
    setVersion((v) => v + 1);
  }, []);

  /** Fills in previews of the rows on screen, folder by folder; a failure leaves them out. */
  const loadPreviews = useCallback(() => {
    const { signal } = controller.current;
    const missing = new Map<string, number[]>();
    for (let index = shown.current.first; index <= shown.current.last; index++)
      for (const row of windows.current.get(index) ?? [])
        if (row.preview === undefined)
          missing.set(row.folder, [...(missing.get(row.folder) ?? []), row.uid]);
    for (const [path, uids] of missing)
      void fetchPreviews(path, uids, signal).then(
        (result) => {
          if (signal.aborted || !result.ok) return;
          const { previews } = result.value;
          for (const [index, rows] of windows.current)
            windows.current.set(
              index,
              rows.map((row) => {
                const preview = row.folder === path ? previews[String(row.uid)] : undefined;
                return preview === undefined ? row : { ...row, preview };
              }),
            );
          setVersion((v) => v + 1);
        },
        () => {},
      );
  }, []);

  const schedulePreviews = useCallback(() => {
    clearTimeout(previewTimer.current);
    previewTimer.current = setTimeout(loadPreviews, previewDelayMs);
  }, [loadPreviews]);

  const load = useCallback(
    (first: number) => {
      function request(index: number) {
        if (windows.current.has(index) || loading.current.has(index)) return;
        if (index > 0 && streaming.current) return;
        loading.current.add(index);
        const { signal } = controller.current;
        const stream = index === 0 && allFolders;
        if (stream) {
          streaming.current = true;
          streamStop.current = new AbortController();
          const stopStream = streamStop.current;
          signal.addEventListener('abort', () => stopStream.abort(), { once: true });
        }
        const answer: Promise<ApiResult<SearchPage>> = stream
          ? streamSearch(
              q,
              folder,
              searchWindowSize,
              (partial) => {
                setProgress({ searched: partial.searched, folders: partial.folders });
                show(0, partial);
              },
              streamStop.current!.signal,
            )
          : searchMessages(q, folder, index * searchWindowSize, searchWindowSize, signal);
        void answer.then(
          (result) => {
            if (signal !== controller.current.signal) return; // a search that was replaced
            loading.current.delete(index);
            streaming.current = false;
            setProgress(undefined);
            if (signal.aborted) return;
            if (!result.ok) {
              if (result.status === 400) setQueryProblem(result.message);
              else setProblem(result.message);
              return;
            }
            setProblem(undefined);
            show(index, result.value);
            schedulePreviews();
            // Windows the list asked for while the first one streamed.
            if (stream) for (let i = shown.current.first; i <= shown.current.last; i++) request(i);
          },
          () => {
            // Stopped by the user (keep what was found), or replaced by another search.
            if (signal !== controller.current.signal) return;
            loading.current.delete(index);
            streaming.current = false;
            setProgress(undefined);
            schedulePreviews();
          },
        );
      }
      request(first);
    },
    [q, folder, allFolders, show, schedulePreviews],
  );

  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    loading.current = new Set();
    load(0);
    return () => {
      current.abort();
      clearTimeout(previewTimer.current);
    };
  }, [load]);

  const ensureRange = useCallback(
    (start: number, end: number) => {
      const first = Math.floor(start / searchWindowSize);
      const last = Math.floor(end / searchWindowSize);
      shown.current = { first, last };
      if (stopped) return;
      for (let i = first; i <= last; i++) load(i);
      schedulePreviews();
    },
    [load, schedulePreviews, stopped],
  );

  const stop = useCallback(() => {
    if (!streaming.current) return;
    setStopped(true);
    streamStop.current?.abort();
  }, []);

  const retry = useCallback(() => {
    setProblem(undefined);
    const { first, last } = shown.current;
    for (let i = first; i <= last; i++) load(i);
  }, [load]);

  const rowAt = useCallback(
    (index: number) =>
      windows.current.get(Math.floor(index / searchWindowSize))?.[index % searchWindowSize],
    [],
  );

  const loaded = useCallback(() => loadedRows(windows.current, searchWindowSize), []);

  const updateRows = useCallback(
    (matches: (row: SearchHit) => boolean, change: (row: SearchHit) => SearchHit) => {
      const undo = changeRows(windows.current, matches, change);
      setVersion((v) => v + 1);
      return () => {
        undo();
        setVersion((v) => v + 1);
      };
    },
    [],
  );

  return {
    total,
    rowAt,
    ensureRange,
    progress,
    stopped,
    stop,
    queryProblem,
    problem,
    retry,
    failedFolders,
    loaded,
    updateRows,
  };
}
