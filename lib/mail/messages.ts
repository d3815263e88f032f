/**
 * The message list: one window of a folder at a time, never the whole folder.
 *
 * Newest-first by arrival is the folder's own sequence order, so a window is one FETCH of a
 * sequence range. Other orders and filters use the server's SORT (or SEARCH), whose UID list is
 * cached until the folder changes. Rows never change for a UIDVALIDITY + UID except their flags,
 * so they are cached too, and a window seen before costs one STATUS, or one flags-only FETCH
 * when something in the folder changed since.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapClient, ImapMessage } from '../imap/client';
import {
  attachmentUids,
  sortUids,
  supportsSort,
  type SortCriterion,
  type SortKey,
} from '../imap/sort';
import type { MessageCache } from './message-cache';
import { summaryFields, toSummary } from './summary';
import {
  messageFilters,
  messageSorts,
  type MessageFilter,
  type MessagePage,
  type MessageSort,
  type MessageSummary,
} from './types';

export interface MessageQuery {
  offset: number;
  limit: number;
  sort: MessageSort;
  order: 'asc' | 'desc';
  filter: MessageFilter;
  /** Check with the server for changes first, however recently this connection last did. */
  refresh: boolean;
}

const whole = (what: string) =>
  z.coerce.number({ error: `must be a ${what}` }).int(`must be a ${what}`);

/** GET /api/folders/{path}/messages?offset&limit&sort&order&filter */
export const messageQuery = z.object({
  offset: whole('whole number').min(0, 'must be 0 or more').default(0),
  limit: whole('whole number')
    .min(1, 'must be at least 1')
    .max(200, 'must be at most 200')
    .default(50),
  sort: z
    .enum(messageSorts, { error: `must be one of ${messageSorts.join(', ')}` })
    .default('arrival'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('desc'),
  filter: z
    .enum(messageFilters, { error: `must be one of ${messageFilters.join(', ')}` })
    .default('all'),
  refresh: z
    .enum(['0', '1'], { error: 'must be 0 or 1' })
    .default('0')
    .transform((value) => value === '1'),
}) satisfies z.ZodType<MessageQuery, unknown>;

/** A folder's state: when it is unchanged, every cached answer about it still holds. */
export interface FolderState {
  uidValidity: string;
  total: number;
  /** Changes with new mail, expunges (via the count) and, with CONDSTORE, any flag change. */
  version: string;
}

const sortKeys: Record<Exclude<MessageSort, 'arrival'>, SortKey> = {
  date: 'DATE',
  from: 'FROM',
  subject: 'SUBJECT',
  size: 'SIZE',
};

const criteria: Record<MessageFilter, SortCriterion> = {
  all: { kind: 'all' },
  unseen: { kind: 'unseen' },
  flagged: { kind: 'flagged' },
  // IMAP has no "has attachments" search; a multipart/mixed message almost always has one.
  attachments: { kind: 'attachment' },
};

/** Lists one window of the selected folder `path` (the caller holds its mailbox lock). */
export async function listMessages(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  query: MessageQuery,
): Promise<MessagePage> {
  const changedAt = query.refresh ? Date.now() : cache.changedAt(user, path);
  const state = await folderState(client, path, changedAt);
  const scope = cache.scope(user, path, state.uidValidity);
  const keepStructure = (message: ImapMessage) => {
    if (message.bodyStructure) cache.rememberStructure(scope, message.uid, message.bodyStructure);
  };
  // Previews come from a separate request; the ones already fetched come with the rows.
  const page = (total: number, messages: MessageSummary[]): MessagePage => ({
    total,
    uidValidity: state.uidValidity,
    version: state.version,
    messages: cache.withPreviews(scope, messages),
  });

  if (query.sort === 'arrival' && query.filter === 'all') {
    const range = sequenceWindow(state.total, query);
    if (!range) return page(state.total, []);
    const windowKey = `${state.total}:${query.order}:${query.offset}:${query.limit}`;
    const sequence = `${range.from}:${range.to}`;
    const rows = await windowRows(client, cache, scope, state, windowKey, {
      flags: () => fetchFlags(client, sequence, false, query.order),
      full: () => fetchBySequence(client, sequence, query.order, keepStructure),
      size: range.to - range.from + 1,
    });
    return page(state.total, rows);
  }

  const uids = await orderedUids(client, cache, scope, state, query);
  const slice = uids.slice(query.offset, query.offset + query.limit);
  if (slice.length === 0) return page(uids.length, []);
  const windowKey = `${query.sort}:${query.order}:${query.filter}:${query.offset}:${query.limit}`;
  const rows = await windowRows(
    client,
    cache,
    scope,
    state,
    windowKey,
    {
      flags: async () => inOrder(slice, await fetchFlags(client, slice.join(','), true)),
      full: () => fetchByUid(client, slice, keepStructure),
      size: slice.length,
    },
    slice,
  );
  return page(uids.length, rows);
}

/**
 * The folder stays selected between requests, and STATUS on it shows what this connection last
 * synced. Changes made elsewhere (another client, another connection) arrive with a sync: NOOP,
 * or any FETCH. A NOOP on a huge Maildir folder can cost 20 ms after new rows were fetched, so it
 * is sent only when the connection has not synced for a moment (or the user asked to refresh):
 * other clients' changes show within that moment (at once with live updates), and a window seen
 * before answers from memory. Between syncs the state learned last is used again, unless the
 * connection has since heard of messages arriving or going (imapflow counts them as they come).
 */
const syncEveryMs = 2000;
const synced = new WeakMap<ImapClient, { at: number; path: string; state: FolderState }>();

export async function folderState(
  client: ImapClient,
  path: string,
  changedAt: number,
): Promise<FolderState> {
  const now = Date.now();
  const last = synced.get(client);
  const due = !last || now - last.at > syncEveryMs || last.at <= changedAt;
  const mailbox = client.mailbox;
  if (!due && last.path === path && mailbox && mailbox.path === path) {
    if (mailbox.exists === last.state.total) return last.state;
  }
  if (due) await client.noop();
  const status = await client.status(path, {
    messages: true,
    uidNext: true,
    uidValidity: true,
    highestModseq: true,
  });
  if (!status) throw new MailError('not_found', 'That folder does not exist (any more).');
  const state = {
    uidValidity: String(status.uidValidity ?? 0n),
    total: status.messages ?? 0,
    version: folderVersion(status.messages ?? 0, status.uidNext ?? 0, status.highestModseq),
  };
  synced.set(client, { at: due ? now : last.at, path, state });
  return state;
}

/**
 * A folder's version: it changes with new mail (UIDNEXT), expunges (the count) and, with
 * CONDSTORE, any flag change (HIGHESTMODSEQ); without CONDSTORE it ends in `none`.
 */
export function folderVersion(
  messages: number,
  uidNext: number,
  highestModseq: bigint | string | undefined,
): string {
  return `${messages}:${uidNext}:${highestModseq === undefined ? 'none' : String(highestModseq)}`;
}

/** The sequence numbers of a window; the newest message has the highest. */
export function sequenceWindow(
  total: number,
  { offset, limit, order }: Pick<MessageQuery, 'offset' | 'limit' | 'order'>,
): { from: number; to: number } | undefined {
  if (offset >= total || limit <= 0) return undefined;
  if (order === 'desc') {
    const to = total - offset;
    return { from: Math.max(1, to - limit + 1), to };
  }
  return { from: offset + 1, to: Math.min(total, offset + limit) };
}

interface WindowFetchers {
  /** UID and flags of the messages in the window now, in window order. */
  flags: () => Promise<FlagsRow[]>;
  full: () => Promise<MessageSummary[]>;
  /** How many rows the window should hold. */
  size: number;
}

interface FlagsRow {
  uid: number;
  flags: string[];
}

/**
 * A window's rows. Cached rows whose flags are from the folder's current version answer at once;
 * when the folder changed, one light FETCH of UIDs and flags refreshes them if the window still
 * holds the same messages; anything else is fetched in full. `uids` is given when the window's
 * messages are known beforehand (sorted and filtered lists); arrival windows learn them here.
 */
async function windowRows(
  client: ImapClient,
  cache: MessageCache,
  scope: string,
  state: FolderState,
  windowKey: string,
  fetch: WindowFetchers,
  uids?: number[],
): Promise<MessageSummary[]> {
  const known = cache.window(scope, windowKey);
  const expected = uids ?? known?.uids;
  const cached = expected && cache.rows(scope, expected, state.version);
  if (expected && cached) {
    const positionsCurrent = uids !== undefined || known?.version === state.version;
    if (cached.current && positionsCurrent) return cached.rows;
    const now = await fetch.flags();
    const same = now.length === expected.length && now.every((r, i) => r.uid === expected[i]);
    if (same) {
      const fresh = cached.rows.map((row, i) => ({ ...row, flags: now[i]!.flags }));
      cache.remember(scope, windowKey, state.version, fresh);
      return fresh;
    }
  }
  const rows = await fetch.full();
  // Fewer rows than the window holds means this connection's view lagged behind the folder
  // (messages expunged meanwhile): show them, but do not answer the next request from them.
  if (rows.length === fetch.size) cache.remember(scope, windowKey, state.version, rows);
  return rows;
}

/** What a full fetch of rows also hands on: each message's structure, for opening it later. */
type FetchedHook = (message: ImapMessage) => void;

/**
 * Each message of a FETCH as its list row, made as the server's answer comes in: the work fits
 * in the pauses while the server sends the rest, instead of following the whole answer.
 */
async function summariesOf(
  messages: AsyncIterable<ImapMessage>,
  fetched: FetchedHook | undefined,
): Promise<Array<{ seq: number; row: MessageSummary }>> {
  const rows: Array<{ seq: number; row: MessageSummary }> = [];
  for await (const message of messages) {
    fetched?.(message);
    rows.push({ seq: message.seq, row: toSummary(message) });
  }
  return rows;
}

async function fetchBySequence(
  client: ImapClient,
  sequence: string,
  order: 'asc' | 'desc',
  fetched: FetchedHook,
): Promise<MessageSummary[]> {
  const rows = await summariesOf(client.fetch(sequence, summaryFields), fetched);
  return bySequence(rows, order).map(({ row }) => row);
}

function bySequence<T extends { seq: number }>(messages: T[], order: 'asc' | 'desc'): T[] {
  return messages.sort((a, b) => (order === 'desc' ? b.seq - a.seq : a.seq - b.seq));
}

/** List rows for these UIDs, in this order; UIDs no longer in the folder are left out. */
export async function fetchByUid(
  client: ImapClient,
  uids: number[],
  fetched?: FetchedHook,
): Promise<MessageSummary[]> {
  const rows = await summariesOf(
    client.fetch(uids.join(','), summaryFields, { uid: true }),
    fetched,
  );
  const byUid = new Map(rows.map(({ row }) => [row.uid, row]));
  return uids.flatMap((uid) => byUid.get(uid) ?? []);
}

async function fetchFlags(
  client: ImapClient,
  set: string,
  byUid: boolean,
  order: 'asc' | 'desc' = 'asc',
): Promise<FlagsRow[]> {
  const messages = await client.fetchAll(set, { uid: true, flags: true }, { uid: byUid });
  return bySequence(messages, order).map((m) => ({ uid: m.uid, flags: [...(m.flags ?? [])] }));
}

function inOrder(uids: number[], rows: FlagsRow[]): FlagsRow[] {
  const byUid = new Map(rows.map((r) => [r.uid, r]));
  return uids.flatMap((uid) => byUid.get(uid) ?? []);
}

/** The folder's UIDs in the asked order and filter, from the cache while the folder is unchanged. */
async function orderedUids(
  client: ImapClient,
  cache: MessageCache,
  scope: string,
  state: FolderState,
  query: MessageQuery,
): Promise<number[]> {
  const listKey = `${query.sort}:${query.order}:${query.filter}`;
  const cached = cache.list(scope, listKey, state.version);
  if (cached) return cached;
  const uids = await serverOrder(client, query);
  cache.rememberList(scope, listKey, state.version, uids);
  return uids;
}

async function serverOrder(client: ImapClient, query: MessageQuery): Promise<number[]> {
  const search = criteria[query.filter];
  const descending = query.order === 'desc';
  if (query.sort === 'arrival') {
    // UIDs ascend with arrival, so a SEARCH in UID order is arrival order.
    const uids = await searchUids(client, query.filter);
    return descending ? uids.reverse() : uids;
  }
  if (!supportsSort(client)) return fallbackSort(client, query);
  return sortUids(client, sortKeys[query.sort], descending, search);
}

async function searchUids(client: ImapClient, filter: MessageFilter): Promise<number[]> {
  if (filter === 'attachments') return attachmentUids(client);
  const query =
    filter === 'unseen'
      ? { seen: false }
      : filter === 'flagged'
        ? { flagged: true }
        : { all: true };
  const found = await client.search(query, { uid: true });
  return (found || []).sort((a, b) => a - b);
}

/**
 * Servers without SORT: fetch the one sort key of every matching message once (cached like a
 * SORT result), and sort here.
 */
async function fallbackSort(client: ImapClient, query: MessageQuery): Promise<number[]> {
  const uids = await searchUids(client, query.filter);
  if (uids.length === 0) return [];
  const messages = await client.fetchAll(
    uids.join(','),
    { uid: true, size: query.sort === 'size', envelope: query.sort !== 'size', internalDate: true },
    { uid: true },
  );
  const keyOf = (m: (typeof messages)[number]): string | number => {
    if (query.sort === 'size') return m.size ?? 0;
    if (query.sort === 'date')
      return new Date(m.envelope?.date ?? m.internalDate ?? 0).getTime() || 0;
    if (query.sort === 'from') return (m.envelope?.from?.[0]?.address ?? '').toLowerCase();
    return baseSubject(m.envelope?.subject ?? '');
  };
  const keyed = messages.map((m) => ({ uid: m.uid, key: keyOf(m) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.uid - b.uid));
  const sorted = keyed.map((k) => k.uid);
  return query.order === 'desc' ? sorted.reverse() : sorted;
}

/** RFC 5256's base subject, roughly: without Re:/Fwd: prefixes and case. */
function baseSubject(subject: string): string {
  return subject
    .replace(/^(\s*(re|fw|fwd)(\[\d+\])?:\s*)+/i, '')
    .trim()
    .toLowerCase();
}
