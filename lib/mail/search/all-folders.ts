/**
 * `in:all`: the same search in every folder, merged newest first by arrival time. Folders are
 * searched in parallel on the user's pooled connections, one fewer than the user may hold, so
 * opening a result meanwhile does not wait behind the search. A folder that cannot be searched
 * is reported in `failedFolders`, and the others still answer. With `onProgress`, the page so
 * far is reported as folders finish, and `signal` stops the folders not yet searched.
 */
import 'server-only';
import { isMailError } from '../../errors';
import type { ImapClient } from '../../imap/client';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import { listFolders } from '../folders';
import type { ArrivalOrder, MessageCache } from '../message-cache';
import type { FailedFolder, SearchHit, SearchPage, SearchProgress } from '../types';
import { uidSet } from '../uid-set';
import { folderMatches, hitRows, type PlannedSearch } from './search';

/** One folder's matches, newest first by arrival (cached in that order). */
interface FolderHits extends ArrivalOrder {
  path: string;
  uidValidity: string;
  scope: string;
  version: string;
}

interface Hit {
  folder: FolderHits;
  uid: number;
}

type Search = Pick<PlannedSearch, 'criteria' | 'key' | 'excluded'>;
type Window = { offset: number; limit: number };

export interface AllFoldersOptions {
  /** Stops searching the folders not yet started; the search then rejects with the reason. */
  signal?: AbortSignal;
  /** The results so far, after folders finish (at most every `progressMs`, and at the end). */
  onProgress?: (progress: SearchProgress) => void;
  progressMs?: number;
}

/** A set of UIDs longer than this is fetched as one range and filtered (command-length limits). */
const maxUidSetLength = 8192;

export async function searchAllFolders(
  pool: ImapPool,
  account: PoolAccount,
  cache: MessageCache,
  search: Search,
  window: Window,
  { signal, onProgress, progressMs = 150 }: AllFoldersOptions = {},
): Promise<SearchPage> {
  const folders = await pool.use(account, listFolders, { idempotent: true });
  const failedFolders: FailedFolder[] = [];
  const found: FolderHits[] = [];
  /** Rows fetched as folders finish, when progress is reported: each folder's first page. */
  const early = new Map<string, SearchHit>();
  const wanted = window.offset + window.limit;
  let searched = 0;
  let reportedAt = 0;
  let trailing: ReturnType<typeof setTimeout> | undefined;

  const pageOf = (hits: Hit[], rows: Map<string, SearchHit>): SearchPage => ({
    total: found.reduce((sum, folder) => sum + folder.uids.length, 0),
    uidValidity: Object.fromEntries(found.map((f) => [f.path, f.uidValidity])),
    messages: hits.flatMap((hit) => rows.get(rowKey(hit.folder.path, hit.uid)) ?? []),
    failedFolders: [...failedFolders].sort((a, b) => a.folder.localeCompare(b.folder)),
  });
  const report = () => {
    clearTimeout(trailing);
    if (!onProgress || signal?.aborted) return;
    const wait = reportedAt + progressMs - Date.now();
    // Folders finishing close together are reported once, a moment later.
    if (wait > 0 && searched < folders.length) {
      trailing = setTimeout(report, wait);
      return;
    }
    reportedAt = Date.now();
    const page = pageOf(newest(found, window.offset, wanted), early);
    onProgress({ ...page, searched, folders: folders.length });
  };

  async function searchOne(client: ImapClient, path: string): Promise<FolderHits> {
    signal?.throwIfAborted();
    const folder = await folderHits(client, cache, account.email, path, search);
    if (onProgress) {
      signal?.throwIfAborted();
      // A folder's part of the page is within its own first `wanted` hits.
      const first = folder.uids.slice(0, wanted);
      const key = `${search.key}:first:${wanted}`;
      const rows = await hitRows(client, cache, folder.scope, folder.version, path, first, key);
      for (const row of rows) early.set(rowKey(path, row.uid), row);
    }
    return folder;
  }

  const searchFolder = (path: string) =>
    pool
      .use(account, (client) => searchOne(client, path), { folder: path, idempotent: true })
      .then(
        (folder) => void found.push(folder),
        (error: unknown) => {
          if (!signal?.aborted)
            failedFolders.push({ folder: path, message: failureMessage(error) });
        },
      )
      .finally(() => {
        searched++;
        report();
      });

  try {
    await inTurn(
      folders.map((f) => f.path),
      Math.max(1, pool.maxPerUser - 1),
      searchFolder,
      signal,
    );
  } finally {
    clearTimeout(trailing);
  }
  signal?.throwIfAborted();
  const slice = newest(found, window.offset, wanted);
  if (onProgress) return pageOf(slice, early);
  const rows = await pageRows(pool, account, cache, search, window, slice, failedFolders);
  return pageOf(slice, rows);
}

/** Runs `work` on each item, at most `parallel` at a time, starting none once `signal` aborts. */
async function inTurn<T>(
  items: T[],
  parallel: number,
  work: (item: T) => Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/**
 * Hits `from`..`to` (exclusive) of all the folders merged newest first (ties: by folder, then the
 * newer UID), walking each folder's own sorted hits: never the whole set, however many matched.
 */
function newest(folders: FolderHits[], from: number, to: number): Hit[] {
  const at = folders.map(() => 0);
  const merged: Hit[] = [];
  for (let n = 0; n < to; n++) {
    let best = -1;
    for (let f = 0; f < folders.length; f++) {
      const folder = folders[f]!;
      if (at[f]! >= folder.uids.length) continue;
      if (best < 0 || before(folder, at[f]!, folders[best]!, at[best]!)) best = f;
    }
    if (best < 0) break;
    const folder = folders[best]!;
    if (n >= from) merged.push({ folder, uid: folder.uids[at[best]!]! });
    at[best]!++;
  }
  return merged;
}

function before(a: FolderHits, i: number, b: FolderHits, j: number): boolean {
  const time = a.times[i]! - b.times[j]!;
  if (time !== 0) return time > 0;
  const path = a.path.localeCompare(b.path);
  return path !== 0 ? path < 0 : a.uids[i]! > b.uids[j]!;
}

function rowKey(folder: string, uid: number): string {
  return `${folder}\u0000${uid}`;
}

/** The folder's matches in arrival order (one light FETCH of their dates, cached with them). */
async function folderHits(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  search: Search,
): Promise<FolderHits> {
  const { state, scope, uids } = await folderMatches(client, cache, user, path, search);
  let byTime = cache.searchByTime(scope, search.key, state.version);
  if (!byTime) {
    const times = await arrivalTimes(client, uids);
    const order = uids
      .map((uid) => ({ uid, time: times.get(uid) ?? 0 }))
      .sort((a, b) => b.time - a.time || b.uid - a.uid);
    byTime = { uids: order.map((o) => o.uid), times: order.map((o) => o.time) };
    cache.rememberSearchByTime(scope, search.key, state.version, byTime);
  }
  return { path, uidValidity: state.uidValidity, scope, version: state.version, ...byTime };
}

/** Each UID's INTERNALDATE (ms); scattered UIDs by the thousand are asked for as their range. */
async function arrivalTimes(client: ImapClient, uids: number[]): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  if (uids.length === 0) return times;
  let set = uidSet(uids);
  if (set.length > maxUidSetLength) {
    const low = uids.reduce((a, b) => Math.min(a, b));
    const high = uids.reduce((a, b) => Math.max(a, b));
    set = `${low}:${high}`;
  }
  const wanted = new Set(uids);
  for await (const message of client.fetch(set, { uid: true, internalDate: true }, { uid: true }))
    if (wanted.has(message.uid))
      times.set(message.uid, new Date(message.internalDate ?? 0).getTime());
  return times;
}

/** The window's rows, fetched per folder in parallel, in the merged order. */
async function pageRows(
  pool: ImapPool,
  account: PoolAccount,
  cache: MessageCache,
  search: Search,
  window: Window,
  hits: Hit[],
  failedFolders: FailedFolder[],
): Promise<Map<string, SearchHit>> {
  const byFolder = new Map<FolderHits, number[]>();
  for (const hit of hits) byFolder.set(hit.folder, [...(byFolder.get(hit.folder) ?? []), hit.uid]);
  const rows = new Map<string, SearchHit>();
  const windowKey = `${search.key}:all:${window.offset}:${window.limit}`;
  await Promise.all(
    [...byFolder].map(([folder, uids]) =>
      pool
        .use(
          account,
          (client) =>
            hitRows(client, cache, folder.scope, folder.version, folder.path, uids, windowKey),
          { folder: folder.path, idempotent: true },
        )
        .then((found) => {
          for (const row of found) rows.set(rowKey(row.folder, row.uid), row);
        })
        .catch((error: unknown) => {
          failedFolders.push({ folder: folder.path, message: failureMessage(error) });
        }),
    ),
  );
  return rows;
}

function failureMessage(error: unknown): string {
  if (isMailError(error)) return error.message;
  console.error('tern: a folder could not be searched:', error);
  return 'This folder could not be searched; try again later.';
}
