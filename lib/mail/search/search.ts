/**
 * GET /api/search: one SEARCH per query and folder, its UIDs cached until the folder changes
 * (keyed like the message list's caches, by UIDVALIDITY and folder version), and each page of
 * results fetched from that set as list rows.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../../errors';
import type { ImapClient, SearchObject } from '../../imap/client';
import { folderParam } from '../compose/prefill';
import type { MessageCache } from '../message-cache';
import { fetchByUid, folderState, messageQuery } from '../messages';
import type { SearchHit, SearchPage } from '../types';
import { uidSet } from '../uid-set';
import { attachmentUids } from '../../imap/sort';
import { negatedByTern, searchCriteria, termCriteria } from './criteria';
import { describeError, parseQuery, type SearchScope } from '../../shared/search-query';

/** GET /api/search?q&folder&offset&limit */
export const searchRequest = messageQuery
  .pick({ offset: true, limit: true })
  .extend({
    q: z.string({ error: 'is missing' }).max(2000, 'is too long'),
    /** The folder the user is in; `in:` in the query names another, or all. */
    folder: folderParam.default('INBOX'),
    /** `1`: for in:all, answer newline-delimited JSON as folders finish (SearchStreamLine). */
    stream: z.enum(['0', '1'], { error: 'is 1 or 0' }).optional(),
  })
  .refine((request) => request.stream !== '1' || request.offset === 0, {
    error: 'is only for the first window (offset 0)',
    path: ['stream'],
  });
export type SearchRequest = z.infer<typeof searchRequest>;

export interface PlannedSearch {
  criteria: SearchObject;
  /** Messages matching any of these are taken out of the criteria's matches (see negatedByTern). */
  excluded: SearchObject[];
  /**
   * has:attachment (true) or -has:attachment (false), each time it was given: answered apart
   * from the criteria, by the message structure where the server can (lib/imap/sort.ts).
   */
  attachment: boolean[];
  scope: Exclude<SearchScope, { kind: 'current' }>;
  /** Names the search in caches: the criteria as sent (relative dates already resolved). */
  key: string;
}

/** The query text as IMAP criteria and where to run them; a bad query is a 400 with its position. */
export function planSearch(request: Pick<SearchRequest, 'q' | 'folder'>, now = new Date()) {
  const parsed = parseQuery(request.q, now);
  if (!parsed.ok) throw new MailError('invalid_request', `q: ${describeError(parsed.error)}`);
  const { terms, scope } = parsed.query;
  const criteria = searchCriteria(
    terms.filter((term) => term.kind !== 'has' && !negatedByTern(term)),
  );
  const excluded = terms
    .filter(negatedByTern)
    .map((term) => termCriteria({ ...term, negated: false }));
  const attachment = terms.flatMap((term) => (term.kind === 'has' ? [!term.negated] : []));
  return {
    criteria,
    excluded,
    attachment,
    scope: scope.kind === 'current' ? { kind: 'folder', path: request.folder } : scope,
    key: `search:${JSON.stringify(excluded.length || attachment.length ? { criteria, excluded, attachment } : criteria)}`,
  } satisfies PlannedSearch;
}

/** The messages of the selected folder `path` that match, newest first, from cache if unchanged. */
export async function folderMatches(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  search: Pick<PlannedSearch, 'criteria' | 'key'> &
    Partial<Pick<PlannedSearch, 'excluded' | 'attachment'>>,
) {
  const state = await folderState(client, path, cache.changedAt(user, path));
  const scope = cache.scope(user, path, state.uidValidity);
  let uids = cache.searchHits(scope, search.key, state.version);
  if (!uids) {
    let found = await searchUids(client, search.criteria);
    for (const criteria of search.excluded ?? []) {
      if (found.length === 0) break;
      // Only among the matches, when they fit in a command (a server reads them alone then).
      const among = uidSet(found);
      const excluded = new Set(
        await searchUids(
          client,
          among.length <= maxUidSetLength ? { ...criteria, uid: among } : criteria,
        ),
      );
      found = found.filter((uid) => !excluded.has(uid));
    }
    for (const wanted of search.attachment ?? []) {
      if (found.length === 0) break;
      const among = uidSet(found);
      const withFiles = new Set(
        await attachmentUids(client, among.length <= maxUidSetLength ? among : undefined),
      );
      found = found.filter((uid) => withFiles.has(uid) === wanted);
    }
    // UIDs ascend with arrival, so the highest is the newest.
    uids = found.sort((a, b) => b - a);
    cache.rememberSearch(scope, search.key, state.version, uids);
  }
  return { state, scope, uids };
}

/** Well under the 64 KB command line many servers accept (Dovecot's imap_max_line_length). */
const maxUidSetLength = 10_000;

async function searchUids(client: ImapClient, criteria: SearchObject): Promise<number[]> {
  const found = await client.search(criteria, { uid: true });
  // imapflow answers false when the server refuses the SEARCH (NO, BAD: say a full-text index
  // that is still being built). That is no answer, not an empty one, and must not be cached.
  if (!found) {
    throw new MailError(
      'imap_unavailable',
      'The mail server could not search this folder just now. Try again in a minute.',
    );
  }
  return found;
}

/** One page of a search in the selected folder `path` (the caller holds its mailbox lock). */
export async function searchFolder(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  search: Pick<PlannedSearch, 'criteria' | 'key'>,
  window: { offset: number; limit: number },
): Promise<SearchPage> {
  const { state, scope, uids } = await folderMatches(client, cache, user, path, search);
  const slice = uids.slice(window.offset, window.offset + window.limit);
  const page = (messages: SearchHit[]): SearchPage => ({
    total: uids.length,
    uidValidity: { [path]: state.uidValidity },
    messages,
    failedFolders: [],
  });
  if (slice.length === 0) return page([]);
  const windowKey = `${search.key}:${window.offset}:${window.limit}`;
  return page(await hitRows(client, cache, scope, state.version, path, slice, windowKey));
}

/** The list rows of these matches, from cache when their flags are current; missing UIDs left out. */
export async function hitRows(
  client: ImapClient,
  cache: MessageCache,
  scope: string,
  version: string,
  path: string,
  uids: number[],
  windowKey: string,
): Promise<SearchHit[]> {
  const cached = cache.rows(scope, uids, version);
  let rows = cached?.current ? cached.rows : undefined;
  if (!rows) {
    rows = await fetchByUid(client, uids);
    // Fewer rows than asked: messages went meanwhile; show what is left, but do not keep it.
    if (rows.length === uids.length) cache.remember(scope, windowKey, version, rows);
  }
  return cache.withPreviews(scope, rows).map((row) => ({ ...row, folder: path }));
}
