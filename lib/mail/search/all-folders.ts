/**
 * `in:all`: the same search in every folder, in parallel on the user's pooled connections (the
 * pool's per-user cap queues the rest), merged newest first by arrival time. A folder that
 * cannot be searched is reported in `failedFolders`, and the others still answer. With
 * `onProgress`, the page so far is reported as folders finish, and `signal` stops the folders
 * not yet searched.
 */
import 'server-only';
import { isMailError } from '../../errors';
import type { ImapClient } from '../../imap/client';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import { listFolders } from '../folders';
import type { MessageCache } from '../message-cache';
import type { FailedFolder, SearchHit, SearchPage, SearchProgress } from '../types';
import { folderMatches, hitRows, type PlannedSearch } from './search';

interface FolderHits {
  path: string;
  uidValidity: string;
  scope: string;
  version: string;
  /** Every match, newest first by arrival time. */
  hits: Hit[];
}

interface Hit {
  folder: FolderHits;
  uid: number;
  time: number;
}

type Search = Pick<PlannedSearch, 'criteria' | 'key'>;
type Window = { offset: number; limit: number };

export interface AllFoldersOptions {
  /** Stops searching the folders not yet started; the search then rejects with the reason. */
  signal?: AbortSignal;
  /** The results so far, after folders finish (at most every `progressMs`). */
  onProgress?: (progress: SearchProgress) => void;
  progressMs?: number;
}

/** Newest first; ties (the same second) by folder and then the newer UID first. */
function newestFirst(a: Hit, b: Hit): number {
  return b.time - a.time || a.folder.path.localeCompare(b.folder.path) || b.uid - a.uid;
}

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

  const pageSoFar = (hits: Hit[]): SearchPage => ({
    total: found.reduce((sum, folder) => sum + folder.hits.length, 0),
    uidValidity: Object.fromEntries(found.map((f) => [f.path, f.uidValidity])),
    messages: hits.flatMap((hit) => early.get(rowKey(hit.folder.path, hit.uid)) ?? []),
    failedFolders: [...failedFolders].sort((a, b) => a.folder.localeCompare(b.folder)),
  });
  const report = () => {
    if (!onProgress || signal?.aborted) return;
    const now = Date.now();
    if (now - reportedAt < progressMs && searched < folders.length) return;
    reportedAt = now;
    // A folder's part of the page is within its own first `wanted` hits, all fetched already.
    const top = found.flatMap((f) => f.hits.slice(0, wanted)).sort(newestFirst);
    const page = pageSoFar(top.slice(window.offset, wanted));
    onProgress({ ...page, searched, folders: folders.length });
  };

  async function searchOne(client: ImapClient, path: string): Promise<FolderHits> {
    signal?.throwIfAborted();
    const folder = await folderHits(client, cache, account.email, path, search);
    if (onProgress) {
      const first = folder.hits.slice(0, wanted).map((hit) => hit.uid);
      const key = `${search.key}:first:${wanted}`;
      const rows = await hitRows(client, cache, folder.scope, folder.version, path, first, key);
      for (const row of rows) early.set(rowKey(path, row.uid), row);
    }
    return folder;
  }

  await Promise.all(
    folders.map(({ path }) =>
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
        }),
    ),
  );
  signal?.throwIfAborted();
  const all = found.flatMap((folder) => folder.hits).sort(newestFirst);
  const slice = all.slice(window.offset, wanted);
  if (onProgress) return { ...pageSoFar(slice), total: all.length };
  const messages = await pageRows(pool, account, cache, search, window, slice, failedFolders);
  return { ...pageSoFar([]), messages };
}

function rowKey(folder: string, uid: number): string {
  return `${folder}\u0000${uid}`;
}

/** The folder's matches with their arrival times (one light FETCH, cached with the matches). */
async function folderHits(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  search: Search,
): Promise<FolderHits> {
  const { state, scope, uids } = await folderMatches(client, cache, user, path, search);
  let times = cache.searchTimes(scope, search.key, state.version);
  if (!times) {
    const fetched =
      uids.length === 0
        ? []
        : await client.fetchAll(uids.join(','), { uid: true, internalDate: true }, { uid: true });
    const byUid = new Map(fetched.map((m) => [m.uid, new Date(m.internalDate ?? 0).getTime()]));
    times = uids.map((uid) => byUid.get(uid) ?? 0);
    cache.rememberSearchTimes(scope, search.key, state.version, times);
  }
  const folder: FolderHits = {
    path,
    uidValidity: state.uidValidity,
    scope,
    version: state.version,
    hits: [],
  };
  folder.hits = uids.map((uid, i) => ({ folder, uid, time: times[i]! })).sort(newestFirst);
  return folder;
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
): Promise<SearchHit[]> {
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
  return hits.flatMap((hit) => rows.get(rowKey(hit.folder.path, hit.uid)) ?? []);
}

function failureMessage(error: unknown): string {
  if (isMailError(error)) return error.message;
  console.error('tern: a folder could not be searched:', error);
  return 'This folder could not be searched; try again later.';
}
