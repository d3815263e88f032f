/**
 * Tern's own MIME parser, for the few messages the server's BODYSTRUCTURE cannot describe (see
 * lib/mail/parsed.ts for when): the one file that knows mailparser. It reads a whole message
 * source, within limits, and answers its text, its HTML (unsanitized: the caller sanitizes it)
 * and its other parts, in Tern's own shape.
 */
import 'server-only';
import { simpleParser, type Attachment, type SimpleParserOptions } from 'mailparser';

export const parseLimits = {
  /** The largest source parsed. */
  bytes: 20 * 1024 * 1024,
  /** Content-Type fields in the source: an upper bound on its parts. */
  parts: 500,
  /** multipart Content-Types: an upper bound on nesting (mailparser walks its tree recursively). */
  multiparts: 100,
  ms: 5000,
} as const;

export interface ParsedPart {
  /** Its part number as IMAP counts parts ("2", "1.3"; "1" for a single-part message). */
  partId: string;
  filename: string | undefined;
  contentType: string;
  disposition: 'attachment' | 'inline' | undefined;
  /** Content-ID without its angle brackets. */
  contentId: string | null;
  /** As sent: mailparser undoes base64 and quoted-printable only (not uuencode). */
  transferEncoding: string;
  content: Buffer;
}

export interface ParsedMessage {
  html: string | null;
  text: string | null;
  parts: ParsedPart[];
}

const options: SimpleParserOptions & { ignoreEmbedded: boolean } = {
  // Only what Tern shows: no text made from HTML, no HTML made from text, cid: links kept.
  skipHtmlToText: true,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  // An attached message is an attachment (as in lib/mime/structure.ts), not more body.
  ignoreEmbedded: true,
};

/** The message's content, or undefined when it is beyond the limits or the parser gave up. */
export async function parseSource(source: Buffer): Promise<ParsedMessage | undefined> {
  if (source.length > parseLimits.bytes || beyondLimits(source)) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((done) => {
    timer = setTimeout(() => done(undefined), parseLimits.ms);
  });
  try {
    const mail = await Promise.race([simpleParser(source, options), timeout]);
    if (!mail) return undefined;
    return {
      html: typeof mail.html === 'string' && mail.html.trim() ? mail.html : null,
      // With skipHtmlToText an HTML part adds an empty line to `text`.
      text: mail.text?.trim() ? mail.text : null,
      parts: mail.attachments.map(partOf),
    };
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** Counted in the raw source (body lines that look like fields count too, which errs safe). */
function beyondLimits(source: Buffer): boolean {
  const text = source.toString('latin1');
  const count = (pattern: RegExp, limit: number) => {
    let n = 0;
    for (const _ of text.matchAll(pattern)) if (++n > limit) return true;
    return false;
  };
  return (
    count(/^content-type:/gim, parseLimits.parts) ||
    count(/^content-type:[ \t]*"?multipart\//gim, parseLimits.multiparts)
  );
}

function partOf(attachment: Attachment): ParsedPart {
  const disposition = attachment.contentDisposition?.toLowerCase();
  const encoding = attachment.headers.get('content-transfer-encoding');
  return {
    // A single-part message's body has no number of its own; IMAP calls it part 1.
    partId: attachment.partId || '1',
    filename: attachment.filename,
    contentType: attachment.contentType.toLowerCase(),
    disposition: disposition === 'attachment' || disposition === 'inline' ? disposition : undefined,
    contentId: attachment.cid ?? null,
    transferEncoding: typeof encoding === 'string' ? encoding.trim().toLowerCase() : '',
    content: attachment.content,
  };
}
