/**
 * The one file that knows nodemailer's MailComposer: a compose becomes the RFC 5322 bytes Tern
 * stores in Drafts and Sent and hands to the SMTP server. Every header comes from a validated
 * field (lib/mail/compose/schema.ts); no custom headers, no X-Mailer. Content is only ever a
 * stream Tern opened itself: file paths and URLs are refused by nodemailer's own sandbox.
 */
import 'server-only';
import type { Readable } from 'node:stream';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from '../types';

export interface BuiltPart {
  contentType: string;
  content: Readable;
}

export interface MessageSpec {
  from: Address;
  to: Address[];
  cc: Address[];
  /** Kept in the bytes built here (the Drafts and Sent copies); smtpBytes() drops it. */
  bcc: Address[];
  subject: string;
  messageId: string;
  /** Fixed by the caller, so every copy of one send carries the same Date. */
  date: Date;
  threading?: { inReplyTo: string; references: string[] };
  /** The text, and the HTML when the message is rich (the text is then its alternative). */
  body: { text: string; html?: string };
  /** Images the HTML shows, referenced as cid:{cid}. */
  related: Array<BuiltPart & { cid: string }>;
  attachments: Array<BuiltPart & { filename: string }>;
}

const named = (a: Address) => ({ name: a.name, address: a.address });

/** The whole message, CRLF line ends throughout (as APPEND needs), Bcc included. */
export async function buildMessage(spec: MessageSpec): Promise<Buffer> {
  const html = spec.body.html;
  const composer = new MailComposer({
    from: named(spec.from),
    to: spec.to.map(named),
    cc: spec.cc.map(named),
    bcc: spec.bcc.map(named),
    subject: spec.subject || undefined,
    messageId: spec.messageId,
    date: spec.date,
    inReplyTo: spec.threading?.inReplyTo,
    references: spec.threading?.references.length ? spec.threading.references : undefined,
    text: spec.body.text,
    html,
    attachments: [
      ...(html === undefined ? [] : spec.related).map((image) => ({
        cid: image.cid,
        contentType: image.contentType,
        content: image.content,
        contentDisposition: 'inline',
        contentTransferEncoding: 'base64',
        filename: false as const,
      })),
      ...spec.attachments.map((file) => ({
        filename: file.filename,
        contentType: file.contentType,
        content: file.content,
        contentDisposition: 'attachment',
        // An attached message cannot be encoded (RFC 2046 5.2.1); every other file is base64, so
        // its bytes arrive exactly as they left (no line-end rewriting of text files).
        ...(/^message\//i.test(file.contentType) ? {} : { contentTransferEncoding: 'base64' }),
      })),
    ],
    newline: 'windows',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const root = composer.compile();
  // Bcc is for the copies in Drafts and Sent; the SMTP bytes lose it in smtpBytes().
  root.keepBcc = true;
  return root.build();
}

/**
 * The bytes for the SMTP server: the message less its root Bcc field (folded lines included).
 * Only the header block is touched, so the body stays byte for byte what was stored in Drafts.
 */
export function smtpBytes(message: Buffer): Buffer {
  const end = message.indexOf('\r\n\r\n');
  if (end === -1) return message;
  // latin1 maps every byte to one character and back, so nothing changes on the round trip.
  const header = message.subarray(0, end + 2).toString('latin1');
  const fields = header.split(/\r\n(?![ \t])/).filter((field) => field !== '');
  const kept = fields.filter((field) => !/^bcc\s*:/i.test(field));
  if (kept.length === fields.length) return message;
  return Buffer.concat([
    Buffer.from(kept.map((field) => `${field}\r\n`).join(''), 'latin1'),
    message.subarray(end + 2),
  ]);
}
