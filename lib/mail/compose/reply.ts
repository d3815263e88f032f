/**
 * Who a reply goes to, what a reply or forward is called, and where it sits in the thread: pure
 * rules, as users of Gmail and Fastmail expect them.
 */
import { maxNameLength, maxSubjectLength } from '../../shared/address';
import type { Address, ComposeFields, MessageView } from '../types';
import { isMessageId } from './schema';

export type ReplyMode = 'reply' | 'reply_all';

type Recipients = Pick<MessageView, 'from' | 'replyTo' | 'to' | 'cc'>;
type Thread = Pick<MessageView, 'messageId' | 'inReplyTo' | 'references'>;

const key = (address: Address) => address.address.trim().toLowerCase();

/** Header text as the compose payload accepts it: no control characters, not too long. */
export function headerText(value: string, limit: number): string {
  return value
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, limit);
}

/** Each address once (case-insensitive), the first name given for it kept; empty ones dropped. */
export function distinctAddresses(list: Address[], skip: Set<string> = new Set()): Address[] {
  const kept = new Map<string, Address>();
  for (const entry of list) {
    const k = key(entry);
    if (!k || skip.has(k)) continue;
    const name = headerText(entry.name, maxNameLength);
    const seen = kept.get(k);
    if (!seen) kept.set(k, { name, address: entry.address.trim() });
    else if (!seen.name) seen.name = name;
  }
  return [...kept.values()];
}

/**
 * reply: Reply-To, else From; when the original is the user's own, its To (replying to what one
 * sent continues the conversation with the same people). reply all: that and the original To,
 * its Cc kept as Cc. The user's own addresses are dropped everywhere, unless nobody else is left
 * (a note to self is answered to self).
 */
export function replyRecipients(
  original: Recipients,
  mode: ReplyMode,
  identities: string[],
): { to: Address[]; cc: Address[] } {
  const mine = new Set(identities.map((address) => address.trim().toLowerCase()));
  const fromMe = original.from.some((a) => mine.has(key(a)));
  const targets = fromMe
    ? original.to
    : original.replyTo.length > 0
      ? original.replyTo
      : original.from;
  const wanted = mode === 'reply_all' ? [...targets, ...original.to] : targets;
  const to = distinctAddresses(wanted, mine);
  const cc =
    mode === 'reply_all' ? distinctAddresses(original.cc, new Set([...mine, ...to.map(key)])) : [];
  if (to.length === 0 && cc.length === 0)
    return { to: distinctAddresses(targets.length > 0 ? targets : original.from), cc: [] };
  return { to, cc };
}

/**
 * The prefixes mail clients pile up, in the languages common in mail (Aw: German, Sv: Nordic,
 * Wg: German forward, Antw: Dutch), with Outlook's "Re[2]:" counters and French "Re :".
 */
const piledPrefixes = /^(?:\s*(?:re|fwd?|aw|sv|wg|antw)\s*(?:\[\d+\])?\s*:)+\s*/i;

/** The subject without its pile of Re:/Fwd: prefixes. */
export function baseSubject(subject: string): string {
  return subject.replace(piledPrefixes, '').trim();
}

export function replySubject(subject: string): string {
  return headerText(`Re: ${baseSubject(subject)}`, maxSubjectLength);
}

export function forwardSubject(subject: string): string {
  return headerText(`Fwd: ${baseSubject(subject)}`, maxSubjectLength);
}

/** The most References a reply carries: the thread's root and the 19 latest (as Gmail does). */
export const maxReferences = 20;

/** The original's Message-ID, when it is one the compose payload accepts; else null. */
export function usableMessageId(value: string | null): string | null {
  const id = value?.trim() ?? '';
  return isMessageId(id) ? id : null;
}

/**
 * In-Reply-To is the original's Message-ID; References are the original's References (or its
 * In-Reply-To) followed by its Message-ID, cut to the root and the latest. None when the
 * original has no usable Message-ID: a reply cannot point at what it cannot name.
 */
export function replyThreading(original: Thread): ComposeFields['threading'] {
  const id = usableMessageId(original.messageId);
  if (!id) return undefined;
  const earlier =
    original.references.length > 0
      ? original.references
      : original.inReplyTo
        ? [original.inReplyTo]
        : [];
  const chain = [...new Set(earlier.map((ref) => ref.trim()).filter(isMessageId))].filter(
    (ref) => ref !== id,
  );
  chain.push(id);
  const references =
    chain.length <= maxReferences
      ? chain
      : [chain[0]!, ...chain.slice(chain.length - (maxReferences - 1))];
  return { inReplyTo: id, references };
}
