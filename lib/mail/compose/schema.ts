/**
 * The compose payload as the API accepts it: PUT /api/drafts/{composeId} and POST /api/send.
 * Every header value is checked here (no CR/LF, no control characters, sane lengths), so the
 * message builder only ever sees fields that are safe to put in a header.
 */
import 'server-only';
import { z } from 'zod';
import { addressProblem, maxRecipients, nameProblem, subjectProblem } from '../../shared/address';
import type { ComposeFields, SendRequest } from '../types';

/** 22 base64url characters: 132 random bits, drawn by the browser. */
export const composeIdPattern = /^[A-Za-z0-9_-]{22}$/;
export const composeId = z.string().regex(composeIdPattern, 'must be 22 base64url characters');

export const maxHtmlBytes = 2 * 1024 * 1024;
export const maxTextBytes = 1024 * 1024;
/** The JSON body of a save or a send: the body limits above, with room for the rest. */
export const maxComposeJsonBytes = 4 * 1024 * 1024;
const maxAttachments = 100;
const maxFilename = 255;

/** A Message-ID as it appears in In-Reply-To and References: <left@right>, no spaces. */
const messageIdPattern = /^<[^<>\s@]+@[^<>\s]+>$/;
const messageId = z
  .string()
  .max(998, 'is too long')
  .regex(messageIdPattern, 'is not a Message-ID (<id@host>)');

/** A value In-Reply-To and References accept: what a prefill may carry over from a message. */
export function isMessageId(value: string): boolean {
  return messageId.safeParse(value).success;
}

function checked(problem: (value: string) => string | undefined) {
  return (value: string, context: z.RefinementCtx) => {
    const found = problem(value);
    if (found) context.addIssue({ code: 'custom', message: found });
  };
}

const address = z.object({
  name: z.string().superRefine(checked(nameProblem)).default(''),
  address: z.string().trim().superRefine(checked(addressProblem)),
});

const recipients = z
  .array(address)
  .max(maxRecipients, `has more than ${maxRecipients} recipients`)
  .default([]);

const folder = z.string().min(1, 'is empty').max(1000, 'is too long');
const uid = z.number().int().positive('must be a positive whole number');

const attachmentRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), id: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) }),
  z.object({ kind: z.literal('draft'), index: z.number().int().min(0) }),
  z.object({
    kind: z.literal('part'),
    folder,
    uid,
    partId: z.string().regex(/^\d+(\.\d+)*$/, 'is not a part id'),
  }),
  z.object({ kind: z.literal('message'), folder, uid }),
]);

const attachment = z.object({
  ref: attachmentRef,
  filename: z
    .string()
    .min(1, 'is empty')
    .max(maxFilename, `is longer than ${maxFilename} characters`)
    // Not nameProblem: that caps display names at 200, and the spool keeps names up to 255.
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'contains a line break or control character'),
  contentType: z
    .string()
    .max(200)
    .regex(/^[\w.+-]+\/[\w.+-]+$/, 'is not a media type'),
  size: z.number().int().min(0),
});

const byteLength = (limit: number) => (value: string) => Buffer.byteLength(value) <= limit;

const body = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('html'),
    html: z.string().refine(byteLength(maxHtmlBytes), 'is larger than 2 MB'),
  }),
  z.object({
    mode: z.literal('text'),
    text: z.string().refine(byteLength(maxTextBytes), 'is larger than 1 MB'),
  }),
]);

export const composeFields = z.object({
  composeId,
  revision: z.number().int().min(0),
  fromName: z.string().superRefine(checked(nameProblem)).optional(),
  to: recipients,
  cc: recipients,
  bcc: recipients,
  subject: z.string().superRefine(checked(subjectProblem)).default(''),
  body,
  attachments: z.array(attachment).max(maxAttachments).default([]),
  threading: z.object({ inReplyTo: messageId, references: z.array(messageId).max(50) }).optional(),
  origin: z
    .object({
      kind: z.enum(['reply', 'reply_all', 'forward', 'forward_attachment']),
      folder,
      uid,
      messageId: messageId.nullable(),
    })
    .optional(),
  replaces: z.object({ folder, uid }).optional(),
}) satisfies z.ZodType<ComposeFields, unknown>;

export const sendRequest = composeFields
  .extend({ confirmResend: z.boolean().optional() })
  .superRefine((fields, context) => {
    if (fields.to.length + fields.cc.length + fields.bcc.length === 0)
      context.addIssue({ code: 'custom', path: ['to'], message: 'add at least one recipient' });
  }) satisfies z.ZodType<SendRequest, unknown>;

/** The Message-ID of a compose: the draft copies and the sent message all carry it. */
export function messageIdFor(id: string, identity: string): string {
  const domain = identity.slice(identity.lastIndexOf('@') + 1);
  return `<${id}@${domain}>`;
}

/** The composeId in a Message-ID Tern made, or undefined for anyone else's. */
export function composeIdOf(messageIdValue: string | null): string | undefined {
  const match = /^<([A-Za-z0-9_-]{22})@[^<>\s]+>$/.exec(messageIdValue ?? '');
  return match?.[1];
}
