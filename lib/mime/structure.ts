/**
 * What a message is made of, from its BODYSTRUCTURE alone: which parts are the body (to fetch
 * and show), which are attachments (listed, fetched only when asked for), and which are images
 * the HTML refers to by Content-ID. Nothing of the message's content is fetched for this.
 */
import 'server-only';
import type { ImapBodyPart } from '../imap/client';
import type { Attachment } from '../mail/types';

/** Limits a hostile structure runs into; beyond them the message opens as "too complex". */
export const structureLimits = { parts: 500, depth: 24 } as const;

export interface BodyPart {
  /** The IMAP section: a part number, or TEXT for a whole body whose structure was unreadable. */
  partId: string;
  kind: 'html' | 'text';
  /** Encoded size the server reports. */
  size: number;
  /** Content-Transfer-Encoding and charset, to decode what FETCH returns. */
  encoding: string;
  charset: string | undefined;
  /** format=flowed with delsp=yes (RFC 3676): a space before a line break is not text. */
  delsp: boolean;
}

export interface MessageLayout {
  /** The parts shown as the message, in reading order. */
  body: BodyPart[];
  attachments: Attachment[];
  /** Content-ID (without <>) → part, for the HTML's cid: references. */
  inline: Map<string, string>;
  tooComplex: boolean;
}

const lower = (value: string | undefined) => value?.toLowerCase() ?? '';

/** Alternatives that only say the same text again; never listed. */
const otherRenderings = new Set(['text/plain', 'text/html', 'text/enriched', 'text/richtext']);

export function layoutOf(root: ImapBodyPart): MessageLayout {
  const layout: MessageLayout = { body: [], attachments: [], inline: new Map(), tooComplex: false };
  let seen = 0;

  function partIdOf(part: ImapBodyPart): string {
    // A single-part message has no part number; its body is section 1.
    return part.part ?? '1';
  }

  function addAttachment(part: ImapBodyPart) {
    const contentId = part.id ? part.id.replace(/^<|>$/g, '') : null;
    const type = lower(part.type) || 'application/octet-stream';
    const named = filenameOf(part);
    layout.attachments.push({
      partId: partIdOf(part),
      filename: named ?? defaultName(type, layout.attachments.length + 1),
      contentType: type,
      size: decodedSize(part),
      // Without a disposition, an image with a Content-ID is part of the message's look.
      disposition:
        lower(part.disposition) === 'inline' || (!part.disposition && contentId)
          ? 'inline'
          : 'attachment',
      contentId,
    });
    if (contentId) layout.inline.set(contentId, partIdOf(part));
  }

  /**
   * `inherited` is the charset an enclosing multipart declares: a text part without its own is
   * read in it (some mailers label only the multipart/signed around it).
   */
  function walk(part: ImapBodyPart, depth: number, inherited: string | undefined): void {
    if (++seen > structureLimits.parts || depth > structureLimits.depth) {
      layout.tooComplex = true;
      return;
    }
    const type = lower(part.type);
    const children = part.childNodes ?? [];
    const charset = ownCharset(part) ?? inherited;
    if (type === 'multipart/alternative') {
      // The richest version the reader can show: the last HTML-capable child, else the last text.
      const html = [...children].reverse().find(hasHtml);
      const text = [...children].reverse().find((c) => lower(c.type) === 'text/plain');
      const chosen = html ?? text ?? children.at(-1);
      if (chosen) walk(chosen, depth + 1, charset);
      if (text && chosen !== text && !isAttachment(text))
        layout.body.push(bodyPart(text, 'text', charset));
      // A version the reader does not show as text (an invitation's text/calendar) is listed.
      for (const child of children) {
        const shown = child === chosen || child === text || otherRenderings.has(lower(child.type));
        if (!shown && !lower(child.type).startsWith('multipart/')) walk(child, depth + 1, charset);
      }
      return;
    }
    if (type.startsWith('multipart/')) {
      for (const child of children) walk(child, depth + 1, charset);
      return;
    }
    if ((type === 'text/html' || type === 'text/plain') && !isAttachment(part)) {
      layout.body.push(bodyPart(part, type === 'text/html' ? 'html' : 'text', charset));
      // A named file sent inline (Netscape attaches text files so) is shown and downloadable.
      if (filenameOf(part)) addAttachment(part);
      return;
    }
    addAttachment(part);
  }

  walk(root, 0, undefined);
  // A multipart the server could not split (no boundary, or one never used) comes as one empty
  // part: show its whole body as plain text rather than nothing.
  const [only, ...others] = root.childNodes ?? [];
  const unsplit =
    lower(root.type).startsWith('multipart/') &&
    only !== undefined &&
    others.length === 0 &&
    !only.childNodes?.length &&
    !only.size;
  if (unsplit && layout.body.length <= 1 && layout.attachments.length === 0) {
    layout.body = [
      { partId: 'TEXT', kind: 'text', size: 0, encoding: '', charset: undefined, delsp: false },
    ];
  }
  return layout;
}

function bodyPart(
  part: ImapBodyPart,
  kind: BodyPart['kind'],
  charset: string | undefined,
): BodyPart {
  return {
    partId: part.part ?? '1',
    kind,
    size: part.size ?? 0,
    encoding: lower(part.encoding),
    charset: ownCharset(part) ?? charset ?? parametersOf(part).charset,
    delsp:
      lower(parametersOf(part).format) === 'flowed' && lower(parametersOf(part).delsp) === 'yes',
  };
}

/**
 * The charset a part declares itself. US-ASCII does not count: servers report it for a text part
 * that declares none (Dovecot does), and an enclosing multipart's charset reads ASCII the same.
 */
function ownCharset(part: ImapBodyPart): string | undefined {
  const charset = parametersOf(part).charset;
  return charset && !/^(us-)?ascii$/i.test(charset.trim()) ? charset : undefined;
}

/** Content-Type parameters with lower-case names (an empty value counts as none). */
function parametersOf(part: ImapBodyPart): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(part.parameters ?? {}).map(([k, v]) => [k.toLowerCase(), v || undefined]),
  );
}

function hasHtml(part: ImapBodyPart): boolean {
  const type = lower(part.type);
  if (type === 'text/html') return !isAttachment(part);
  return type.startsWith('multipart/') && (part.childNodes ?? []).some(hasHtml);
}

/** Marked as an attachment, or carrying a file name without being marked inline. */
function isAttachment(part: ImapBodyPart): boolean {
  const disposition = lower(part.disposition);
  if (disposition === 'attachment') return true;
  return Boolean(filenameOf(part)) && disposition !== 'inline';
}

function filenameOf(part: ImapBodyPart): string | undefined {
  const name = part.dispositionParameters?.filename ?? part.parameters?.name;
  const cleaned = name?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return cleaned ? cleaned.slice(0, 255) : undefined;
}

const extensions: Record<string, string> = {
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'application/pdf': 'pdf',
};

/** A name for a part sent without one: attachment-3.pdf, message-2.eml. */
export function defaultName(type: string, index: number): string {
  const extension = extensions[type] ?? (type.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin');
  return type === 'message/rfc822' ? `message-${index}.eml` : `attachment-${index}.${extension}`;
}

/** Base64 spends 4 bytes (plus line breaks) on every 3. */
export function decodedSize(part: ImapBodyPart): number {
  const size = part.size ?? 0;
  return lower(part.encoding) === 'base64' ? Math.floor((size * 3) / 4 / 1.026) : size;
}
