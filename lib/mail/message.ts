/**
 * One message opened for reading. One FETCH learns its envelope, flags, structure and the few
 * extra header fields; a second fetches only the body parts shown (bounded), decoded to UTF-8.
 * Attachments are listed, never fetched here. The HTML is sanitized before it leaves the server.
 */
import 'server-only';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import { decodeCharset } from '../mime/charset';
import { headerValues, messageIds, unsubscribeTargets } from '../mime/headers';
import { htmlTooComplex } from '../mime/html-limits';
import { sanitizeHtml } from '../mime/sanitize';
import { layoutOf, type BodyPart } from '../mime/structure';
import { decodeTransferPrefix } from '../mime/transfer-encoding';
import { addresses, isoDate } from './summary';
import type { MessageView } from './types';

/** The most of each body part (as sent, encoded) shown at once; the rest is in the source. */
export const maxBodyBytes = 2 * 1024 * 1024;

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
}

export async function readMessage(
  client: ImapClient,
  path: string,
  uid: number,
  options: ReadOptions = {},
): Promise<MessageView> {
  const message = await client.fetchOne(
    String(uid),
    {
      uid: true,
      flags: true,
      envelope: true,
      bodyStructure: true,
      internalDate: true,
      headers: ['references', 'list-unsubscribe'],
    },
    { uid: true },
  );
  if (!message || message.uid !== uid)
    throw new MailError('not_found', 'That message is not in this folder (any more).');

  const envelope = message.envelope ?? {};
  const headers = headerValues(message.headers);
  const layout = message.bodyStructure
    ? layoutOf(message.bodyStructure)
    : { body: [], attachments: [], inline: new Map<string, string>(), tooComplex: false };
  const view: MessageView = {
    uid,
    flags: [...(message.flags ?? [])],
    subject: envelope.subject ?? '',
    from: addresses(envelope.from),
    sender: addresses(envelope.sender),
    replyTo: addresses(envelope.replyTo),
    to: addresses(envelope.to),
    cc: addresses(envelope.cc),
    bcc: addresses(envelope.bcc),
    date: isoDate(envelope.date) ?? isoDate(message.internalDate) ?? new Date(0).toISOString(),
    messageId: envelope.messageId ?? null,
    inReplyTo: messageIds(envelope.inReplyTo)[0] ?? null,
    references: messageIds(headers.get('references')?.join(' ')),
    listUnsubscribe: unsubscribeTargets(headers.get('list-unsubscribe')?.join(',')),
    html: null,
    text: null,
    truncated: false,
    attachments: layout.attachments,
    remoteContent: { blocked: 0 },
    tooComplex: layout.tooComplex,
  };
  if (layout.tooComplex || layout.body.length === 0) return view;

  const bodies = await fetchBodies(client, uid, layout.body);
  view.truncated = layout.body.some((part) => part.size > maxBodyBytes);
  const html = bodies.filter((b) => b.kind === 'html').map((b) => b.content);
  const text = bodies.filter((b) => b.kind === 'text').map((b) => b.content);
  if (text.length) view.text = text.join('\n\n');
  if (html.length && htmlTooComplex(html.join(''))) {
    // Shown as its plain-text version when it has one; otherwise as too complex to display.
    view.tooComplex = text.length === 0;
  } else if (html.length) {
    const sanitized = sanitizeHtml(html.join('\n<hr>\n'), {
      partPrefix: partUrl(path, uid, ''),
      cidUrl: (contentId) => {
        const partId = layout.inline.get(contentId);
        return partId ? partUrl(path, uid, partId, true) : undefined;
      },
      remoteUrl: options.remoteUrl,
    });
    view.html = sanitized.html;
    view.remoteContent.blocked = sanitized.remoteBlocked;
  }
  return view;
}

/**
 * The body parts' text: one FETCH of at most maxBodyBytes of each, then the transfer encoding
 * and the declared charset decoded here (a cut-off part ends cleanly, not mid-character).
 */
async function fetchBodies(
  client: ImapClient,
  uid: number,
  parts: BodyPart[],
): Promise<Array<BodyPart & { content: string }>> {
  const fetched = await client.fetchOne(
    String(uid),
    { uid: true, bodyParts: parts.map((p) => ({ key: p.partId, maxLength: maxBodyBytes })) },
    { uid: true },
  );
  return parts.map((part) => {
    const bytes = fetched ? fetched.bodyParts?.get(part.partId.toLowerCase()) : undefined;
    const decoded = bytes ? decodeTransferPrefix(bytes, part.encoding) : Buffer.alloc(0);
    return { ...part, content: decodeCharset(decoded, part.charset) };
  });
}
