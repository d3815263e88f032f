/**
 * Address suggestions for the composer: whom the user wrote to (the recipients of the newest
 * messages in Sent) and heard from (the senders of the newest in INBOX), best first. Only
 * envelopes are fetched, by sequence range, never a whole folder; the list is computed once per
 * user every ten minutes and filtered in the browser as the user types.
 */
import 'server-only';
import type { ImapClient, ImapMessage } from '../../imap/client';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import { Lru } from '../../lru';
import { isValidAddress } from '../../shared/address';
import { addresses } from '../summary';
import type { Address, ContactList } from '../types';
import { findSpecialFolder } from './special-folders';

export const contactLimits = {
  /** The newest messages of Sent whose recipients count. */
  sent: 2000,
  /** The newest messages of INBOX whose senders count. */
  inbox: 1000,
  /** The most contacts answered. */
  contacts: 2000,
  /** How long a user's list is reused before it is computed again. */
  cacheMs: 10 * 60_000,
};

/** One appearance of an address in a message. */
export interface Sighting {
  address: string;
  name: string;
  /** When the message was written (ms since the epoch). */
  at: number;
  /** How much this appearance says: writing to someone says more than hearing from them. */
  weight: number;
}

const weights = { sent: 2, inbox: 1 };
const day = 24 * 60 * 60_000;
/** An appearance a month old counts half as much as today's, a year old about a thirteenth. */
const decayDays = 30;

/**
 * Frequency and recency together: each appearance adds its weight, shrunk by its age. The user's
 * own address and anything Tern cannot send to are left out; the display name is the newest one.
 */
export function rankContacts(
  sightings: Iterable<Sighting>,
  self: string,
  now: number,
): ContactList['contacts'] {
  const me = self.toLowerCase();
  const byAddress = new Map<string, { name: string; address: string; score: number; at: number }>();
  for (const sighting of sightings) {
    const address = sighting.address.trim();
    const key = address.toLowerCase();
    if (key === me || !isValidAddress(address)) continue;
    const ageDays = Math.max(0, now - sighting.at) / day;
    const score = sighting.weight / (1 + ageDays / decayDays);
    const known = byAddress.get(key);
    if (!known) {
      byAddress.set(key, { name: sighting.name.trim(), address, score, at: sighting.at });
      continue;
    }
    known.score += score;
    if (sighting.at >= known.at) {
      known.at = sighting.at;
      known.address = address;
      if (sighting.name.trim()) known.name = sighting.name.trim();
    } else if (!known.name) {
      known.name = sighting.name.trim();
    }
  }
  return [...byAddress.values()]
    .sort((a, b) => b.score - a.score || a.address.localeCompare(b.address))
    .slice(0, contactLimits.contacts)
    .map(({ name, address, score }) => ({ name, address, score: Math.round(score * 1000) / 1000 }));
}

/** The Sent folder, found as sending finds it (without creating one: nobody sent from here yet). */
async function sentFolder(client: ImapClient): Promise<string | undefined> {
  return findSpecialFolder(await client.list(), 'sent')?.path;
}

/** The newest `count` messages of the selected folder, by sequence range. */
async function sightingsIn(
  client: ImapClient,
  count: number,
  pick: (envelope: NonNullable<ImapMessage['envelope']>) => Address[],
  weight: number,
): Promise<Sighting[]> {
  const total = client.mailbox ? client.mailbox.exists : 0;
  if (total === 0) return [];
  // Up to "*": messages that arrived since the connection last heard the count are included too.
  const range = `${Math.max(1, total - count + 1)}:*`;
  const found: Sighting[] = [];
  for await (const message of client.fetch(range, { envelope: true, internalDate: true })) {
    if (!message.envelope) continue;
    const at = timeOf(message.envelope.date) ?? timeOf(message.internalDate) ?? 0;
    for (const person of pick(message.envelope)) found.push({ ...person, at, weight });
  }
  return found;
}

function timeOf(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : time;
}

async function computeContacts(pool: ImapPool, account: PoolAccount): Promise<ContactList> {
  const read = { idempotent: true };
  const sent = await pool.use(account, sentFolder, read);
  const written = sent
    ? await pool.use(
        account,
        (client) =>
          sightingsIn(
            client,
            contactLimits.sent,
            (e) => [...addresses(e.to), ...addresses(e.cc), ...addresses(e.bcc)],
            weights.sent,
          ),
        { ...read, folder: sent },
      )
    : [];
  const heard = await pool.use(
    account,
    (client) => sightingsIn(client, contactLimits.inbox, (e) => addresses(e.from), weights.inbox),
    { ...read, folder: 'INBOX' },
  );
  return { contacts: rankContacts([...written, ...heard], account.email, Date.now()) };
}

/** Per user (lower-cased address): the list, or the computation under way, and when it began. */
const cache = new Lru<string, { at: number; list: Promise<ContactList> }>(1000);

/**
 * The user's contacts, from the cache when computed in the last ten minutes. Requests that come
 * while it is computed share that one computation; a failed one is not remembered.
 */
export function contactsFor(pool: ImapPool, account: PoolAccount): Promise<ContactList> {
  const key = account.email.toLowerCase();
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && now - cached.at < contactLimits.cacheMs) return cached.list;
  const list = computeContacts(pool, account);
  const entry = { at: now, list };
  cache.set(key, entry);
  list.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return list;
}

/** Forgets a user's list, so the next request computes it again. */
export function forgetContacts(user: string): void {
  cache.delete(user.toLowerCase());
}
