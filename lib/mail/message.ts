/**
 * One message opened for reading. One FETCH learns its envelope, flags, structure and the few
 * extra header fields; a second fetches only the body parts shown (bounded), decoded to UTF-8.
 * Attachments are listed, never fetched here. The HTML is sanitized before it leaves the server.
 */
import 'server-only';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import { decodeCharset } from '../mime/charset';
import { parameterValue, repairedNames, repairedText } from '../mime/header-text';
import { headerValues, messageIds, unsubscribeTargets } from '../mime/headers';
import { htmlTooComplex } from '../mime/html-limits';
import { sanitizeHtml } from '../mime/sanitize';
import { layoutOf, type BodyPart } from '../mime/structure';
import { decodeTransferPrefix } from '../mime/transfer-encoding';
import { addresses, isoDate } from './summary';
import type { MessageView } from './types';

/** The most of each body part (as sent, encoded) shown at once; the rest is in the source. */
export const maxBodyBytes = 2 * 1024 * 1024;

/**
 * Header fields fetched beside the ENVELOPE: the two it lacks, and those whose 8-bit bytes
 * imapflow's ENVELOPE reading loses (repaired from these when it did).
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
      headers: headerFields,
    },
    { uid: true },
  );
  if (!message || message.uid !== uid)
    throw new MailError('not_found', 'That message is not in this folder (any more).');

  const envelope = message.envelope ?? {};
  const layout = message.bodyStructure
    ? layoutOf(message.bodyStructure)
    : { body: [], attachments: [], inline: new Map<string, string>(), tooComplex: false };
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
    attachments: layout.attachments,
    remoteContent: { blocked: 0 },
    tooComplex: layout.tooComplex,
  };
  // File names imapflow garbled are read again from their parts' MIME headers (multipart only:
  // a single part's header is the message's).
  const garbled = message.bodyStructure?.childNodes?.length
    ? layout.attachments.filter((a) => a.filename.includes('\ufffd'))
    : [];
  if (layout.tooComplex || (layout.body.length === 0 && garbled.length === 0)) return view;

  const fetched = await client.fetchOne(
    String(uid),
    {
      uid: true,
      bodyParts: [
        ...layout.body.map((p) => ({ key: p.partId, maxLength: maxBodyBytes })),
        ...garbled.map((a) => `${a.partId}.mime`),
      ],
    },
    { uid: true },
  );
  for (const attachment of garbled) {
    const mime = fetched ? fetched.bodyParts?.get(`${attachment.partId}.mime`) : undefined;
    const fields = headerValues(mime, layout.body[0]?.charset);
    const header = `${fields.get('content-disposition')?.[0] ?? ''};${fields.get('content-type')?.[0] ?? ''}`;
    const name = parameterValue(header, 'filename') ?? parameterValue(header, 'name');
    attachment.filename = repairedText(attachment.filename, name && cleanFilename(name));
  }
  const bodies = layout.body.map((part) =>
    decodeBody(part, fetched ? fetched.bodyParts : undefined),
  );
  view.truncated = bodies.some((body) => !body.complete);
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
 * A body part's text from what FETCH returned (at most maxBodyBytes of it): the transfer encoding
 * and the declared charset decoded here (a cut-off part ends cleanly, not mid-character).
 */
function decodeBody(
  part: BodyPart,
  fetched: Map<string, Buffer> | undefined,
): BodyPart & { content: string; complete: boolean } {
  const bytes = fetched?.get(part.partId.toLowerCase());
  // Fewer bytes than asked for: the whole part came, so its end is not a cut.
  const complete = (bytes?.length ?? 0) < maxBodyBytes;
  const decoded = bytes ? decodeTransferPrefix(bytes, part.encoding, complete) : Buffer.alloc(0);
  return { ...part, content: decodeCharset(decoded, part.charset), complete };
}

/** A file name as the attachment list shows it: no control characters, at most 255 characters. */
function cleanFilename(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
}
