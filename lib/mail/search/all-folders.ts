/**
 * `in:all`: the same search in every folder, in parallel on the user's pooled connections (the
 * pool's per-user cap queues the rest), merged newest first by arrival time. A folder that
 * cannot be searched is reported in `failedFolders`, and the others still answer.
 */
import 'server-only';
import { isMailError } from '../../errors';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import { listFolders } from '../folders';
import type { MessageCache } from '../message-cache';
import type { FailedFolder, SearchHit, SearchPage } from '../types';
import { folderMatches, hitRows, type PlannedSearch } from './search';

interface FolderHits {
  path: string;
  uidValidity: string;
  scope: string;
  version: string;
  uids: number[];
  /** Arrival time (ms) of each hit, in the order of `uids`. */
  times: number[];
}

interface Hit {
  folder: FolderHits;
  uid: number;
  time: number;
}

type Search = Pick<PlannedSearch, 'criteria' | 'key'>;

export async function searchAllFolders(
  pool: ImapPool,
  account: PoolAccount,
  cache: MessageCache,
  search: Search,
  window: { offset: number; limit: number },
): Promise<SearchPage> {
  const folders = await pool.use(account, listFolders, { idempotent: true });
  const failedFolders: FailedFolder[] = [];
  const searched = await Promise.all(
    folders.map(({ path }) =>
      pool
        .use(account, (client) => hitsWithTimes(client, cache, account.email, path, search), {
          folder: path,
          idempotent: true,
        })
        .catch((error: unknown) => {
          failedFolders.push({ folder: path, message: failureMessage(error) });
          return undefined;
        }),
    ),
  );
  const found = searched.filter((f) => f !== undefined);
  const all: Hit[] = found.flatMap((folder) =>
    folder.uids.map((uid, i) => ({ folder, uid, time: folder.times[i]! })),
  );
  // Newest first; ties (the same second) by folder and then the newer UID first.
  all.sort(
    (a, b) => b.time - a.time || a.folder.path.localeCompare(b.folder.path) || b.uid - a.uid,
  );
  const slice = all.slice(window.offset, window.offset + window.limit);
  const rows = await pageRows(pool, account, cache, search, window, slice, failedFolders);
  return {
    total: all.length,
    uidValidity: Object.fromEntries(found.map((f) => [f.path, f.uidValidity])),
    messages: rows,
    failedFolders: failedFolders.sort((a, b) => a.folder.localeCompare(b.folder)),
  };
}

/** The folder's matches and their arrival times (one light FETCH, cached with the matches). */
async function hitsWithTimes(
  client: Parameters<typeof folderMatches>[0],
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
  return { path, uidValidity: state.uidValidity, scope, version: state.version, uids, times };
}

/** The window's rows, fetched per folder in parallel, in the merged order. */
async function pageRows(
  pool: ImapPool,
  account: PoolAccount,
  cache: MessageCache,
  search: Search,
  window: { offset: number; limit: number },
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
          for (const row of found) rows.set(`${row.folder}\u0000${row.uid}`, row);
        })
        .catch((error: unknown) => {
          failedFolders.push({ folder: folder.path, message: failureMessage(error) });
        }),
    ),
  );
  return hits.flatMap((hit) => rows.get(`${hit.folder.path}\u0000${hit.uid}`) ?? []);
}

function failureMessage(error: unknown): string {
  if (isMailError(error)) return error.message;
  console.error('tern: a folder could not be searched:', error);
  return 'This folder could not be searched; try again later.';
}
