/**
 * What this server knows about each compose of each user: the last draft revision saved, where
 * the images of its HTML now live, and how far a send got. Saves and sends of one compose run
 * one at a time (exclusive()), so a save never lands in the middle of a send.
 *
 * Memory only, for a day: the keywords Tern puts on the Drafts copy ($TernSubmitting, $TernSent)
 * carry the part that must survive a restart or another instance (lib/mail/compose/send.ts).
 */
import 'server-only';
import type { RefusedRecipients, SendResult } from '../types';
import type { PartSource } from './outgoing-html';

type Sent = Extract<SendResult, { outcome: 'sent' }>;

export type SendState =
  /** An attempt is running: a second POST waits for it and gets the same answer. */
  | { phase: 'sending'; attempt: Promise<SendResult> }
  /** Done: the same POST again answers the same. */
  | { phase: 'sent'; result: Sent }
  /** Delivered, no copy in Sent yet: the same POST again saves it and never resubmits. */
  | { phase: 'sent_not_saved'; refused: RefusedRecipients }
  /** The server may have it: sending again needs confirmResend. */
  | { phase: 'unknown' };

export interface ComposeEntry {
  send: SendState | undefined;
  /** The revision of the last draft saved; an older one is refused. */
  revision: number | undefined;
  /**
   * An image URL the client still has (it names a part of a Drafts copy since replaced) → where
   * that image is in the current copy.
   */
  images: Map<string, PartSource>;
  touchedAt: number;
}

const keepMs = 24 * 60 * 60_000;

export class ComposeLedger {
  private readonly entries = new Map<string, ComposeEntry>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /** The compose's entry, new if this server has not seen it (or forgot it). */
  entry(user: string, composeId: string): ComposeEntry {
    const now = Date.now();
    const id = keyOf(user, composeId);
    let entry = this.entries.get(id);
    if (!entry) {
      this.forgetOld(now);
      entry = { send: undefined, revision: undefined, images: new Map(), touchedAt: now };
      this.entries.set(id, entry);
    }
    entry.touchedAt = now;
    return entry;
  }

  /** Runs work after every earlier save or send of this compose has finished. */
  exclusive<T>(user: string, composeId: string, work: () => Promise<T>): Promise<T> {
    const id = keyOf(user, composeId);
    const before = this.queues.get(id) ?? Promise.resolve();
    const run = before.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }

  private forgetOld(now: number): void {
    for (const [id, entry] of this.entries) {
      if (now - entry.touchedAt > keepMs && entry.send?.phase !== 'sending')
        this.entries.delete(id);
    }
  }
}

function keyOf(user: string, composeId: string): string {
  return `${user.toLowerCase()}\u0000${composeId}`;
}

const key = Symbol.for('tern.compose.ledger');
type Holder = Record<symbol, ComposeLedger | undefined>;

/** One ledger per process, shared by every route bundle (Next loads modules once per bundle). */
export function composeLedger(): ComposeLedger {
  const holder = globalThis as Holder;
  holder[key] ??= new ComposeLedger();
  return holder[key];
}
