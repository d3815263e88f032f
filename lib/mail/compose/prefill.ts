/**
 * A reply, reply all, forward or forward as attachment, prefilled from the original as the
 * reader opened it (readMessage: sanitized HTML, attachments listed, nothing downloaded):
 * recipients, subject and threading (reply.ts), the quote (quote.ts), and the original's
 * attachments as references the send path streams from IMAP itself.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../../errors';
import type { ImapClient } from '../../imap/client';
import { readMessage, type ReadOptions } from '../message';
import { flagParam } from '../params';
import { uidParam } from '../part';
import type { ComposeAttachment, ComposeOriginKind, ComposePrefill, MessageView } from '../types';
import { emptyBody, forwardBody, replyBody, type BodyFormat } from './quote';
import {
  forwardSubject,
  replyRecipients,
  replySubject,
  replyThreading,
  usableMessageId,
} from './reply';

export const folderParam = z
  .string()
  .min(1, 'is empty')
  .max(1000, 'is too long')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'contains a control character');

export const bodyFormatParam = z
  .enum(['html', 'text'], { error: 'must be html or text' })
  .default('html');

export const timeZoneParam = z
  .string()
  .max(100)
  .refine(isTimeZone, 'is not a time zone (such as Europe/Berlin)')
  .optional();

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const prefillModes = ['reply', 'reply_all', 'forward', 'forward_attachment'] as const;

/** GET /api/compose/prefill */
export const prefillQuery = z.object({
  mode: z.enum(prefillModes, {
    error: 'must be reply, reply_all, forward or forward_attachment',
  }),
  folder: folderParam,
  uid: uidParam,
  /** The composer's mode: the quote as HTML (the default) or as "> " text. */
  body: bodyFormatParam,
  /** 1: remote images in the quote load through the image proxy, as the reader allowed. */
  remote: flagParam,
  /** The user's time zone, for the date in "On …, … wrote:". */
  tz: timeZoneParam,
});

export interface PrefillOptions {
  /** The user's own addresses: never a recipient of their reply. */
  identities: string[];
  format: BodyFormat;
  timeZone?: string;
  remoteUrl?: ReadOptions['remoteUrl'];
}

/** The part ids of this message's images that the (sanitized) HTML shows inline. */
function inlinePartIds(html: string | null): Set<string> {
  const ids = (html ?? '').matchAll(/\/parts\/([\d.]+)\?inline=1/g);
  return new Set([...ids].map((match) => match[1]!));
}

/**
 * The attachments a forward (or a reopened draft) carries, as references to their parts. In an
 * HTML body the images it shows inline travel inside it (the send path embeds them), so they are
 * left out here; a text body cannot show them, so there they are attachments like the rest.
 */
export function partAttachments(
  view: MessageView,
  folder: string,
  uid: number,
  format: BodyFormat,
): ComposeAttachment[] {
  const shown = format === 'html' ? inlinePartIds(view.html) : new Set<string>();
  return view.attachments
    .filter((attachment) => !shown.has(attachment.partId))
    .map((attachment) => ({
      ref: { kind: 'part', folder, uid, partId: attachment.partId },
      filename: attachment.filename,
      contentType: mediaType(attachment.contentType),
      size: attachment.size,
    }));
}

/** A media type the compose payload accepts; anything odd is sent as bytes. */
function mediaType(value: string): string {
  const type = value.trim().toLowerCase();
  return /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream';
}

/** The file name of a forwarded message: its subject, without what file systems refuse. */
export function emlFilename(subject: string): string {
  const name = subject
    .replace(/[\u0000-\u001f\u007f\\/:*?"<>|]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 200);
  return `${name || 'message'}.eml`;
}

async function messageSize(client: ImapClient, uid: number): Promise<number> {
  const fetched = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
  if (!fetched || fetched.uid !== uid)
    throw new MailError('not_found', 'That message is not in this folder (any more).');
  return fetched.size ?? 0;
}

export async function composePrefill(
  client: ImapClient,
  folder: string,
  uid: number,
  kind: ComposeOriginKind,
  options: PrefillOptions,
): Promise<ComposePrefill> {
  const original = await readMessage(client, folder, uid, { remoteUrl: options.remoteUrl });
  const origin = { kind, folder, uid, messageId: usableMessageId(original.messageId) };
  const quoteOptions = { timeZone: options.timeZone };
  if (kind === 'reply' || kind === 'reply_all') {
    const { to, cc } = replyRecipients(original, kind, options.identities);
    const threading = replyThreading(original);
    return {
      to,
      cc,
      bcc: [],
      subject: replySubject(original.subject),
      body: replyBody(original, options.format, quoteOptions),
      attachments: [],
      ...(threading ? { threading } : {}),
      origin,
    };
  }
  const forward = { to: [], cc: [], bcc: [], subject: forwardSubject(original.subject), origin };
  if (kind === 'forward')
    return {
      ...forward,
      body: forwardBody(original, options.format, quoteOptions),
      attachments: partAttachments(original, folder, uid, options.format),
    };
  return {
    ...forward,
    body: emptyBody(options.format),
    attachments: [
      {
        ref: { kind: 'message', folder, uid },
        filename: emlFilename(original.subject),
        contentType: 'message/rfc822',
        size: await messageSize(client, uid),
      },
    ],
  };
}
