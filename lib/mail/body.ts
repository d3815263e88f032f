/**
 * The body of a message opened for reading: the parts shown, fetched bounded and decoded to
 * UTF-8 (with file names the server garbled read again from their parts' MIME headers), and the
 * HTML or text that goes into the view, the HTML sanitized before it leaves the server.
 */
import 'server-only';
import type { ImapClient } from '../imap/client';
import { decodeCharset } from '../mime/charset';
import { parameterValue, repairedText } from '../mime/header-text';
import { headerValues } from '../mime/headers';
import { htmlTooComplex } from '../mime/html-limits';
import { sanitizeHtml } from '../mime/sanitize';
import type { BodyPart, MessageLayout } from '../mime/structure';
import { decodeTransferPrefix } from '../mime/transfer-encoding';
import type { Attachment, MessageView } from './types';

/**
 * The most of each body part (in bytes as sent) shown at once, and the most shown when the
 * reader asks for all of it: still bounded, so a 500 MB "text" part never reaches the sanitizer
 * or the browser. The rest is in the message source.
 */
export const bodyLimits = { shown: 2 * 1024 * 1024, full: 20 * 1024 * 1024 } as const;

export interface DecodedBody extends BodyPart {
  content: string;
  /** The whole part came, not only its first `limit` bytes. */
  complete: boolean;
}

/** What FETCH asks for to show a message: its body parts, and the garbled names' MIME headers. */
export function bodyPartsQuery(
  layout: MessageLayout,
  garbled: Attachment[],
  limit: number,
): Array<string | { key: string; maxLength: number }> {
  return [
    ...layout.body.map((p) => ({ key: p.partId, maxLength: limit })),
    ...garbled.map((a) => `${a.partId}.mime`),
  ];
}

/**
 * The body parts (at most `limit` bytes of each) and the MIME headers of the attachments whose
 * names the server garbled, in one FETCH (none when `prefetched` already holds what it would
 * have asked for); repairs those names in place.
 */
export async function fetchBodies(
  client: ImapClient,
  uid: number,
  layout: MessageLayout,
  garbled: Attachment[],
  limit: number,
  prefetched?: Map<string, Buffer>,
): Promise<DecodedBody[]> {
  if (layout.body.length === 0 && garbled.length === 0) return [];
  const parts =
    prefetched ?? (await fetchParts(client, uid, bodyPartsQuery(layout, garbled, limit)));
  for (const attachment of garbled) {
    const fields = headerValues(parts?.get(`${attachment.partId}.mime`), layout.body[0]?.charset);
    const header = `${fields.get('content-disposition')?.[0] ?? ''};${fields.get('content-type')?.[0] ?? ''}`;
    const name = parameterValue(header, 'filename') ?? parameterValue(header, 'name');
    attachment.filename = repairedText(attachment.filename, name && cleanFilename(name));
  }
  return layout.body.map((part) => decodeBody(part, parts, limit));
}

async function fetchParts(
  client: ImapClient,
  uid: number,
  bodyParts: ReturnType<typeof bodyPartsQuery>,
): Promise<Map<string, Buffer> | undefined> {
  const fetched = await client.fetchOne(String(uid), { uid: true, bodyParts }, { uid: true });
  return fetched ? fetched.bodyParts : undefined;
}

/**
 * A body part's text from what FETCH returned (at most `limit` bytes of it): the transfer
 * encoding and the declared charset decoded here (a cut-off part ends cleanly, not mid-character).
 */
function decodeBody(
  part: BodyPart,
  fetched: Map<string, Buffer> | undefined,
  limit: number,
): DecodedBody {
  const bytes = fetched?.get(part.partId.toLowerCase());
  // Fewer bytes than asked for: the whole part came, so its end is not a cut.
  const complete = (bytes?.length ?? 0) < limit;
  const decoded = bytes ? decodeTransferPrefix(bytes, part.encoding, complete) : Buffer.alloc(0);
  return { ...part, content: decodeCharset(decoded, part.charset), complete };
}

/** A file name as the attachment list shows it: no control characters, at most 255 characters. */
export function cleanFilename(name: string): string {
  return name
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
}

export interface ShownBody {
  html: string[];
  text: string[];
}

export interface ShowOptions {
  /** Where this message's parts download from, ending in `/parts/`. */
  partPrefix: string;
  /** The download URL of an inline part, shown in the page. */
  inlineUrl: (partId: string) => string;
  remoteUrl?: (url: string) => string | undefined;
}

/**
 * Puts the body into the view: the text as it is; the HTML sanitized, with cid: images pointing
 * at the attachments listed with that Content-ID. HTML past the limits of lib/mime/html-limits.ts
 * is not rendered: the text version shows instead, or "too complex" when there is none.
 */
export function showBody(view: MessageView, body: ShownBody, options: ShowOptions): void {
  const { html, text } = body;
  if (text.length) view.text = text.join('\n\n');
  if (!html.length) return;
  if (htmlTooComplex(html.join(''))) {
    view.tooComplex = text.length === 0;
    return;
  }
  const inline = new Map<string, string>();
  for (const a of view.attachments) if (a.contentId) inline.set(a.contentId, a.partId);
  const sanitized = sanitizeHtml(html.join('\n<hr>\n'), {
    partPrefix: options.partPrefix,
    cidUrl: (contentId) => {
      const partId = inline.get(contentId);
      return partId ? options.inlineUrl(partId) : undefined;
    },
    remoteUrl: options.remoteUrl,
  });
  view.html = sanitized.html;
  view.remoteContent.blocked = sanitized.remoteBlocked;
}
