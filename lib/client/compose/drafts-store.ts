/**
 * Every compose, kept in this browser's IndexedDB from the first keystroke, keyed by (account,
 * composeId): a reload, a crash or a restarted server loses nothing, and an open composer comes
 * back. The copy in the Drafts folder is the server's truth; this one is the safety net until it
 * is saved there (and while a send is under way).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ComposeFields, RefusedRecipients } from '@/lib/mail/types';
import type { FieldProblem } from './send-outcome';

/**
 * editing: in a composer (open or not); queued: waiting out the Undo countdown; sending: handed
 * to POST /api/send, no answer yet; unknown: the server could not tell whether it went out.
 */
export type LocalDraftState = 'editing' | 'queued' | 'sending' | 'unknown';

export interface LocalDraft {
  account: string;
  composeId: string;
  /** What the user wrote; `revision` is the last one handed to a save. */
  fields: ComposeFields;
  state: LocalDraftState;
  /** The composer was on screen: it comes back on the next load. */
  open: boolean;
  /** Changed since the last save to Drafts. */
  dirty: boolean;
  /** The last save to Drafts that succeeded. */
  saved?: { at: string; revision: number; draft: { folder: string; uid: number } };
  /** Why the message is back in the composer (not sent), written for the user. */
  problem?: string;
  /** What the server refused last time: the field a 400 named, recipients the SMTP server refused. */
  marks?: { field?: FieldProblem; refused?: RefusedRecipients };
  /** Date.now() of the last change. */
  updatedAt: number;
}

export interface DraftStore {
  get(account: string, composeId: string): Promise<LocalDraft | undefined>;
  /** The account's records, most recently changed first. */
  list(account: string): Promise<LocalDraft[]>;
  put(record: LocalDraft): Promise<void>;
  remove(account: string, composeId: string): Promise<void>;
  close(): void;
}

interface ComposeDb extends DBSchema {
  drafts: { key: [string, string]; value: LocalDraft; indexes: { account: string } };
}

const storeName = 'drafts';

function idbStore(db: IDBPDatabase<ComposeDb>): DraftStore {
  return {
    get: (account, composeId) => db.get(storeName, [account, composeId]),
    async list(account) {
      const records = await db.getAllFromIndex(storeName, 'account', account);
      return records.sort((a, b) => b.updatedAt - a.updatedAt);
    },
    async put(record) {
      await db.put(storeName, record);
    },
    remove: (account, composeId) => db.delete(storeName, [account, composeId]),
    close: () => db.close(),
  };
}

/** For a browser that refuses IndexedDB (some private modes): the page's memory only. */
export function memoryDraftStore(): DraftStore {
  const records = new Map<string, LocalDraft>();
  const key = (account: string, composeId: string) => `${account}\n${composeId}`;
  return {
    get: (account, composeId) =>
      Promise.resolve(structuredClone(records.get(key(account, composeId)))),
    list: (account) =>
      Promise.resolve(
        [...records.values()]
          .filter((r) => r.account === account)
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .map((r) => structuredClone(r)),
      ),
    put: (record) => {
      records.set(key(record.account, record.composeId), structuredClone(record));
      return Promise.resolve();
    },
    remove: (account, composeId) => {
      records.delete(key(account, composeId));
      return Promise.resolve();
    },
    close: () => {},
  };
}

/** The store in IndexedDB, or one in memory (saying so) when the browser refuses it. */
export async function openDraftStore(
  name = 'tern-compose',
): Promise<{ store: DraftStore; persistent: boolean }> {
  try {
    const db = await openDB<ComposeDb>(name, 1, {
      upgrade(database) {
        const drafts = database.createObjectStore(storeName, { keyPath: ['account', 'composeId'] });
        drafts.createIndex('account', 'account');
      },
    });
    return { store: idbStore(db), persistent: true };
  } catch {
    return { store: memoryDraftStore(), persistent: false };
  }
}

/**
 * Writes a record as often as it changes, one write in flight: while one runs, only the newest
 * waiting version is written next (a burst of keystrokes costs two writes, not one per key).
 */
export function latestWriter(write: (record: LocalDraft) => Promise<void>) {
  let running: Promise<void> | undefined;
  let waiting: LocalDraft | undefined;
  let failure: unknown;

  async function drain() {
    while (waiting) {
      const next = waiting;
      waiting = undefined;
      try {
        await write(next);
        failure = undefined;
      } catch (error) {
        failure = error;
      }
    }
    running = undefined;
  }

  return {
    write(record: LocalDraft): void {
      waiting = record;
      running ??= drain();
    },
    /** Resolves once everything written so far is stored; false when the last write failed. */
    async flush(): Promise<boolean> {
      while (running) await running;
      return failure === undefined;
    },
  };
}

/**
 * At sign-out (a shared computer): the local copies the Drafts folder already has are dropped;
 * those with changes it has not seen stay, for this account's next sign-in here.
 */
export async function forgetSavedDrafts(account: string): Promise<void> {
  const { store } = await openDraftStore();
  try {
    for (const record of await store.list(account))
      if (record.state === 'editing' && !record.dirty && record.saved)
        await store.remove(account, record.composeId);
  } finally {
    store.close();
  }
}
