/**
 * What the message list remembers between requests, bounded: rows (which never change for a
 * UIDVALIDITY + UID except their flags), previews (which never change at all), which UIDs a
 * window showed, sorted or filtered UID lists, and which messages form a conversation. Every key starts with the user, so nobody is
 * ever answered from another user's mail.
 */
import 'server-only';
import { Lru } from '../lru';
import type { ImapBodyPart } from '../imap/client';
import type { MessageSummary } from './types';

interface Versioned {
  version: string;
  uids: number[];
}

/** A search's hits newest first by arrival time, and those times (ms). */
export interface ArrivalOrder {
  uids: number[];
  times: number[];
}

/** A cached row and the folder version its flags are from. */
interface CachedRow {
  row: MessageSummary;
  version: string;
}

export interface MessageCacheLimits {
  rows: number;
  windows: number;
  lists: number;
  previews: number;
  structures: number;
}

export class MessageCache {
  private readonly rowCache: Lru<string, CachedRow>;
  private readonly windows: Lru<string, Versioned>;
  private readonly lists: Lru<string, Versioned>;
  /**
   * Search results apart from the list's orders, so a burst of searches never evicts those;
   * weighed by the UIDs they hold (an all-folder search takes an entry per folder).
   */
  private readonly searches = new Lru<string, Versioned & { byTime?: ArrivalOrder }>(2_000, {
    weigh: (entry) => entry.uids.length * (entry.byTime ? 3 : 1),
    maxWeight: 4_000_000,
  });
  /** '' when the message has nothing to preview, so it is not fetched again. */
  private readonly previewCache: Lru<string, string>;
  /**
   * The MIME structures of recently listed messages (they never change), so opening one of them
   * fetches its head and body parts in one FETCH. Fewer than rows: a structure weighs more, and
   * the reader opens what was listed last.
   */
  private readonly structureCache: Lru<string, ImapBodyPart>;
  /** Per folder: each UID's conversation (its members), for the folder's set of messages then. */
  private readonly threadCache = new Lru<string, { version: string; byUid: Map<number, number[]> }>(
    16,
  );
  /** When Tern itself last changed a folder, so every connection syncs before answering for it. */
  private readonly changes = new Lru<string, number>(10_000);

  constructor(
    limits: MessageCacheLimits = {
      rows: 50_000,
      windows: 5_000,
      lists: 64,
      previews: 50_000,
      structures: 2_000,
    },
  ) {
    this.rowCache = new Lru(limits.rows);
    this.windows = new Lru(limits.windows);
    this.lists = new Lru(limits.lists);
    this.previewCache = new Lru(limits.previews);
    this.structureCache = new Lru(limits.structures);
  }

  /** The prefix of every key for one folder incarnation of one user. */
  scope(user: string, path: string, uidValidity: string): string {
    return `${user}\u0000${path}\u0000${uidValidity}`;
  }

  window(scope: string, key: string): Versioned | undefined {
    return this.windows.get(`${scope}\u0000${key}`);
  }

  /**
   * The cached rows for all these UIDs, in their order, and whether all their flags are from
   * `version`; undefined if any row is missing.
   */
  rows(
    scope: string,
    uids: number[],
    version: string,
  ): { rows: MessageSummary[]; current: boolean } | undefined {
    const rows: MessageSummary[] = [];
    let current = true;
    for (const uid of uids) {
      const cached = this.rowCache.get(`${scope}\u0000${uid}`);
      if (!cached) return undefined;
      rows.push(cached.row);
      current &&= cached.version === version;
    }
    return { rows, current };
  }

  remember(scope: string, windowKey: string, version: string, rows: MessageSummary[]): void {
    for (const row of rows) this.rowCache.set(`${scope}\u0000${row.uid}`, { row, version });
    this.windows.set(`${scope}\u0000${windowKey}`, { version, uids: rows.map((r) => r.uid) });
  }

  list(scope: string, key: string, version: string): number[] | undefined {
    const entry = this.lists.get(`${scope}\u0000${key}`);
    return entry?.version === version ? entry.uids : undefined;
  }

  rememberList(scope: string, key: string, version: string, uids: number[]): void {
    this.lists.set(`${scope}\u0000${key}`, { version, uids });
  }

  /** The UIDs a search matched (newest first), if the folder is still at `version`. */
  searchHits(scope: string, key: string, version: string): number[] | undefined {
    const entry = this.searches.get(`${scope}\u0000${key}`);
    return entry?.version === version ? entry.uids : undefined;
  }

  rememberSearch(scope: string, key: string, version: string, uids: number[]): void {
    this.searches.set(`${scope}\u0000${key}`, { version, uids });
  }

  /** The hits in arrival order, newest first, once learned for this version. */
  searchByTime(scope: string, key: string, version: string): ArrivalOrder | undefined {
    const entry = this.searches.get(`${scope}\u0000${key}`);
    return entry?.version === version ? entry.byTime : undefined;
  }

  rememberSearchByTime(scope: string, key: string, version: string, byTime: ArrivalOrder): void {
    const entry = this.searches.get(`${scope}\u0000${key}`);
    // Set again, so the entry's weight counts the arrival order too.
    if (entry?.version === version) this.searches.set(`${scope}\u0000${key}`, { ...entry, byTime });
  }

  /** The conversation this message belongs to, if the folder's threads are known for `version`. */
  threads(scope: string, version: string): Map<number, number[]> | undefined {
    const entry = this.threadCache.get(scope);
    return entry?.version === version ? entry.byUid : undefined;
  }

  rememberThreads(scope: string, version: string, threads: number[][]): Map<number, number[]> {
    const byUid = new Map<number, number[]>();
    for (const members of threads) for (const uid of members) byUid.set(uid, members);
    this.threadCache.set(scope, { version, byUid });
    return byUid;
  }

  structure(scope: string, uid: number): ImapBodyPart | undefined {
    return this.structureCache.get(`${scope}\u0000${uid}`);
  }

  rememberStructure(scope: string, uid: number, structure: ImapBodyPart): void {
    this.structureCache.set(`${scope}\u0000${uid}`, structure);
  }

  preview(scope: string, uid: number): string | undefined {
    return this.previewCache.get(`${scope}\u0000${uid}`);
  }

  rememberPreview(scope: string, uid: number, preview: string): void {
    this.previewCache.set(`${scope}\u0000${uid}`, preview);
  }

  /** The rows with the previews already known; rows are shared with the cache, so copied. */
  withPreviews(scope: string, rows: MessageSummary[]): MessageSummary[] {
    return rows.map((row) => {
      const preview = this.preview(scope, row.uid);
      return preview === undefined ? row : { ...row, preview };
    });
  }

  markChanged(user: string, path: string, at = Date.now()): void {
    this.changes.set(`${user}\u0000${path}`, at);
  }

  changedAt(user: string, path: string): number {
    return this.changes.get(`${user}\u0000${path}`) ?? 0;
  }
}
