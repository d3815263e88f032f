/**
 * Messages Tern reads with its own MIME parser (lib/mime/parse.ts) instead of from the server's
 * BODYSTRUCTURE. Only when the structure cannot be right, and the message is small enough to
 * parse whole (the source is fetched only then):
 * - the server could not split a multipart (a Content-Type it cannot read, such as
 *   `multipart/mixed;;`), or calls a message single-part whose own header says multipart;
 * - a part is BinHex (a Mac file format the server does not decode);
 * - a plain-text body carries uuencoded files (pre-MIME attachments, still sent by Outlook).
 * The parser's body is shown only when the server could not split the message; otherwise the
 * server's parts stay the body (lib/mail/content.ts), minus the uuencoded files.
 *
 * Files only the parser finds have no IMAP part number. They are named by their place in the
 * parser's list: part `0.n` is its n-th file (IMAP numbers parts from 1, so part 0 is never the
 * server's), found again by parsing the same source when it is downloaded. A message never
 * changes under its UID, so the list is the same every time.
 */
import 'server-only';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import { parseLimits, parseSource } from '../mime/parse';
import { defaultName, type MessageLayout } from '../mime/structure';
import { binHexTypes, unpack, type UnpackedFile, type UnpackedMessage } from '../mime/unpack';
import { extractUuencoded } from '../mime/uuencode';
import type { Attachment } from './types';

export type ParserReason = 'unsplit' | 'binhex' | 'uuencoded';

export interface ParserInput {
  structure: ImapBodyPart | undefined;
  layout: MessageLayout;
  /** The message's own Content-Type field, as sent. */
  contentType: string | undefined;
  /** RFC822.SIZE */
  size: number;
  /** The plain-text body parts as shown (decoded). */
  texts: string[];
}

/** Why the message is read by Tern's own parser, or undefined when the server's structure serves. */
export function parserReason(input: ParserInput): ParserReason | undefined {
  const { structure, layout } = input;
  if (input.size > parseLimits.bytes || layout.tooComplex) return undefined;
  const single = !structure?.childNodes?.length;
  if (
    !structure ||
    layout.body.some((part) => part.partId === 'TEXT') ||
    (single && /^\s*"?multipart\//i.test(input.contentType ?? ''))
  )
    return 'unsplit';
  if (layout.attachments.some((a) => binHexTypes.has(a.contentType))) return 'binhex';
  if (input.texts.some((text) => extractUuencoded(text).files.length > 0)) return 'uuencoded';
  return undefined;
}

/**
 * The message as Tern's parser reads it; undefined when it is larger than the parser takes, is
 * beyond its limits, or holds nothing the parser could find.
 */
export async function readParsed(
  client: ImapClient,
  uid: number,
): Promise<UnpackedMessage | undefined> {
  const fetched = await client.fetchOne(
    String(uid),
    { uid: true, source: { maxLength: parseLimits.bytes + 1 } },
    { uid: true },
  );
  const source = fetched ? fetched.source : undefined;
  if (!source || source.length > parseLimits.bytes) return undefined;
  const parsed = await parseSource(source);
  const message = parsed && unpack(parsed);
  const found = message && (message.html || message.text || message.files.length > 0);
  return found ? message : undefined;
}

/**
 * The file a `0.n` part id names, with its entry in the attachment list; undefined when the
 * message is not there, is larger than the parser takes, or has no such file.
 */
export async function parsedFile(
  client: ImapClient,
  uid: number,
  index: number,
): Promise<{ attachment: Attachment; content: Buffer } | undefined> {
  const message = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
  if (!message || (message.size ?? Infinity) > parseLimits.bytes) return undefined;
  const file = (await readParsed(client, uid))?.files[index];
  return file && { attachment: fileAttachment(file, index), content: file.content };
}

const pseudoPart = /^0\.([1-9]\d{0,3})$/;

/** The place in the parser's list a `0.n` part id names (from 0), or undefined for IMAP's own. */
export function parsedIndex(partId: string): number | undefined {
  const n = pseudoPart.exec(partId)?.[1];
  return n === undefined ? undefined : Number(n) - 1;
}

/**
 * The attachment list of a parsed message. A file that is one of the parts the server listed
 * keeps that part's entry (and number: it downloads straight from IMAP); the others are `0.n`.
 * Parts the server listed that the parser did not are kept too: nothing listed goes missing.
 */
export function parsedAttachments(files: UnpackedFile[], listed: Attachment[]): Attachment[] {
  const byPart = new Map(listed.map((a) => [a.partId, a]));
  const covered = new Set(files.flatMap((file) => [file.partId, file.inPart]));
  const attachments = files.map((file, i) => {
    const same = file.partId === undefined ? undefined : byPart.get(file.partId);
    return same ?? fileAttachment(file, i);
  });
  return [...attachments, ...listed.filter((a) => !covered.has(a.partId))];
}

function fileAttachment(file: UnpackedFile, index: number): Attachment {
  const type = file.contentType || 'application/octet-stream';
  const name = file.filename
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255);
  return {
    partId: `0.${index + 1}`,
    filename: name || defaultName(type, index + 1),
    contentType: type,
    size: file.content.length,
    // As lib/mime/structure.ts decides: an image with a Content-ID and no disposition is inline.
    disposition:
      file.disposition === 'inline' || (!file.disposition && file.contentId)
        ? 'inline'
        : 'attachment',
    contentId: file.contentId,
  };
}
