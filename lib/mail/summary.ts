/** imapflow's fetch result → Tern's MessageSummary: the one place that knows both shapes. */
import 'server-only';
import type { ImapAddress, ImapBodyPart, ImapMessage } from '../imap/client';
import type { Address, MessageSummary } from './types';

/** What a list row needs; the same fields for every window, so rows can be cached and reused. */
export const summaryFields = {
  uid: true,
  flags: true,
  size: true,
  envelope: true,
  bodyStructure: true,
  internalDate: true,
} as const;

export function toSummary(message: ImapMessage): MessageSummary {
  const envelope = message.envelope ?? {};
  return {
    uid: message.uid,
    subject: envelope.subject ?? '',
    from: addresses(envelope.from),
    to: addresses(envelope.to),
    date: isoDate(envelope.date) ?? isoDate(message.internalDate) ?? new Date(0).toISOString(),
    // \Recent belongs to whichever IMAP session saw the message first: it means nothing here.
    flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent'),
    size: message.size ?? 0,
    hasAttachments: message.bodyStructure ? hasAttachment(message.bodyStructure) : false,
  };
}

export function addresses(list: ImapAddress[] | undefined): Address[] {
  return (list ?? [])
    .filter((a) => a.address || a.name)
    .map((a) => ({ name: a.name ?? '', address: a.address ?? '' }));
}

export function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A part the sender attached: marked as an attachment, or a named non-text part that is not an
 * inline image referenced by the HTML (those are part of the message's look, not attachments).
 */
export function hasAttachment(part: ImapBodyPart): boolean {
  if (part.disposition?.toLowerCase() === 'attachment') return true;
  if (part.childNodes?.length) return part.childNodes.some(hasAttachment);
  const named = Boolean(part.dispositionParameters?.filename ?? part.parameters?.name);
  const inline = part.disposition?.toLowerCase() === 'inline' || Boolean(part.id);
  return named && !inline && !part.type.toLowerCase().startsWith('text/');
}
