/**
 * One message opened for reading. One FETCH learns its envelope, flags, size, structure and the
 * few extra header fields; a second fetches only the body parts shown (bounded), decoded to UTF-8
 * (lib/mail/body.ts). A message the list showed a moment ago needs only one: its structure was
 * fetched with its row (openListedMessage). Attachments are listed, never fetched here. The few
 * messages whose structure the server cannot give are read whole by Tern's own parser instead
 * (parsed.ts).
 */
import 'server-only';
import { MailError } from '../errors';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import { repairedNames, repairedText } from '../mime/header-text';
import { headerValues, messageIds, unsubscribeTargets } from '../mime/headers';
import { bodyLimits, bodyPartsQuery, showBody } from './body';
import { garbledNames, layoutOfStructure, readContent } from './content';
import type { MessageCache } from './message-cache';
import { addresses, isoDate } from './summary';
import type { MessageView } from './types';

/**
 * Header fields fetched beside the ENVELOPE: the two it lacks, those whose 8-bit bytes
 * imapflow's ENVELOPE reading loses (repaired from these when it did), and Content-Type, which
 * tells when the server could not read the structure (parsed.ts).
 */
const headerFields = [
  'references',
  'list-unsubscribe',
  'subject',
  'from',
  'sender',
  'reply-to',
  'to',
  'cc',
  'bcc',
  'content-type',
];

/** The path a part of a message is downloaded from (shown inline where `inline` allows it). */
export function partUrl(path: string, uid: number, partId: string, inline = false): string {
  const base = `/api/folders/${encodeURIComponent(path)}/messages/${uid}/parts/${partId}`;
  return inline ? `${base}?inline=1` : base;
}

export interface ReadOptions {
  /**
   * Remote content allowed: the proxied URL for a remote image (signed for the reader), or
   * undefined to keep that one blocked. Without it every remote resource stays blocked.
   */
  remoteUrl?: (url: string) => string | undefined;
  /** Show each body part up to bodyLimits.full rather than bodyLimits.shown ("show all"). */
  full?: boolean;
  /**
   * The message's structure, when the list fetched it (it never changes): the body parts are then
   * fetched with the head, in one FETCH instead of two.
   */
  structure?: ImapBodyPart;
}

export async function readMessage(
  client: ImapClient,
  path: string,
  uid: number,
  options: ReadOptions = {},
): Promise<MessageView> {
  const limit = options.full ? bodyLimits.full : bodyLimits.shown;
  const known = options.structure;
  const knownLayout = known && layoutOfStructure(known);
  const bodyParts =
    knownLayout && !knownLayout.tooComplex
      ? bodyPartsQuery(knownLayout, garbledNames(known, knownLayout), limit)
      : [];
  const fetchHead = () =>
    client.fetchOne(
      String(uid),
      {
        uid: true,
        flags: true,
        envelope: true,
        bodyStructure: !known,
        internalDate: true,
        size: true,
        headers: headerFields,
        ...(bodyParts.length > 0 ? { bodyParts } : {}),
      },
      { uid: true },
    );
  let message = await fetchHead();
  // A message that arrived a moment ago (a live update showed it) is not in this connection's
  // view of the folder until it syncs: once, NOOP and ask again.
  if (!message || message.uid !== uid) {
    await client.noop();
    message = await fetchHead();
  }
  if (!message || message.uid !== uid)
    throw new MailError('not_found', 'That message is not in this folder (any more).');

  const envelope = message.envelope ?? {};
  const structure = known ?? message.bodyStructure;
  const layout = knownLayout ?? layoutOfStructure(structure);
  // Raw 8-bit header text was most likely written in the charset of the message's text.
  const headers = headerValues(message.headers, layout.body[0]?.charset);
  const named = (list: typeof envelope.from, field: string) =>
    repairedNames(addresses(list), headers.get(field));
  const view: MessageView = {
    uid,
    flags: [...(message.flags ?? [])],
    subject: repairedText(envelope.subject ?? '', headers.get('subject')?.[0]),
    from: named(envelope.from, 'from'),
    sender: named(envelope.sender, 'sender'),
    replyTo: named(envelope.replyTo, 'reply-to'),
    to: named(envelope.to, 'to'),
    cc: named(envelope.cc, 'cc'),
    bcc: named(envelope.bcc, 'bcc'),
    date: isoDate(envelope.date) ?? isoDate(message.internalDate) ?? new Date(0).toISOString(),
    messageId: envelope.messageId ?? null,
    inReplyTo: messageIds(envelope.inReplyTo)[0] ?? null,
    references: messageIds(headers.get('references')?.join(' ')),
    listUnsubscribe: unsubscribeTargets(headers.get('list-unsubscribe')?.join(',')),
    html: null,
    text: null,
    truncated: false,
    bodyLimit: limit,
    attachments: layout.attachments,
    remoteContent: { blocked: 0 },
    tooComplex: layout.tooComplex,
  };
  const content = await readContent(
    client,
    uid,
    { structure, layout, size: message.size ?? 0, contentType: headers.get('content-type')?.[0] },
    limit,
    bodyParts.length > 0 ? (message.bodyParts ?? new Map<string, Buffer>()) : undefined,
  );
  view.attachments = content.attachments;
  view.truncated = content.truncated;
  showBody(view, content.body, {
    partPrefix: partUrl(path, uid, ''),
    inlineUrl: (partId) => partUrl(path, uid, partId, true),
    remoteUrl: options.remoteUrl,
  });
  return view;
}

/** readMessage, with the structure the message list kept for this message when it has one. */
export function openListedMessage(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  uid: number,
  options: Omit<ReadOptions, 'structure'> = {},
): Promise<MessageView> {
  // The folder is selected (the caller holds its lock): its UIDVALIDITY scopes the cache.
  const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : undefined;
  const structure =
    uidValidity === undefined
      ? undefined
      : cache.structure(cache.scope(user, path, uidValidity), uid);
  return readMessage(client, path, uid, { ...options, structure });
}
