/**
 * Downloading one part of a message (an attachment, an inline image), streamed: imapflow fetches
 * it in chunks and decodes it on the way, so a 50 MB attachment never sits in memory. The user's
 * IMAP connection stays taken until the stream ends or the browser goes away.
 */
import 'server-only';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import type { ImapPool, PoolAccount } from '../imap/pool';
import { apiContentSecurityPolicy } from '../security-headers';

/** Raster image types shown in the page when asked (?inline=1); everything else downloads. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export const uidParam = z.coerce
  .number({ error: 'must be a message UID' })
  .int('must be a message UID')
  .min(1, 'must be a message UID')
  .max(4_294_967_295, 'must be a message UID');

export const partIdParam = z
  .string()
  .regex(/^[1-9]\d{0,3}(\.[1-9]\d{0,3}){0,23}$/, 'must be a part number such as 1 or 1.2');

const flag = z
  .enum(['0', '1'], { error: 'must be 0 or 1' })
  .default('0')
  .transform((value) => value === '1');

export const partQuery = z.object({ inline: flag });
export const sourceQuery = z.object({ view: flag });

export interface OpenedPart {
  body: ReadableStream<Uint8Array>;
  headers: Headers;
}

const missing = () =>
  new MailError('not_found', 'That message or part is not in this folder (any more).');

/**
 * Hands a stream read from the user's IMAP connection to the browser. The connection stays
 * taken (imapflow runs one command at a time) until the stream ends or the browser goes away.
 */
export function streamFromConnection(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  open: (client: ImapClient) => Promise<{ stream: Readable; headers: Headers }>,
): Promise<OpenedPart> {
  let resolve!: (part: OpenedPart) => void;
  let reject!: (error: unknown) => void;
  const opened = new Promise<OpenedPart>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  const holding = pool.use(
    account,
    async (client) => {
      const { stream, headers } = await open(client);
      const finished = new Promise<void>((done) => {
        stream.once('close', done);
        stream.once('end', done);
        stream.once('error', () => done());
      });
      resolve({ body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, headers });
      await finished;
    },
    { folder: path },
  );
  holding.catch(reject);
  return opened;
}

/** How a download is presented, from what imapflow learned of it (its type and name). */
type Presentation = (meta: { contentType: string; filename: string | undefined }) => Headers;

/** A part (or, without a part, the whole message as sent), streamed. */
function openDownload(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  uid: number,
  partId: string | undefined,
  present: Presentation,
): Promise<OpenedPart> {
  return streamFromConnection(pool, account, path, async (client) => {
    // imapflow answers an empty stream for a part number the message lacks: ask first.
    const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
    if (!message || !message.bodyStructure) throw missing();
    if (partId !== undefined && !hasPart(message.bodyStructure, partId)) throw missing();
    const download = await client.download(String(uid), partId, { uid: true });
    if (!download.content) throw missing();
    const contentType = download.meta.contentType?.toLowerCase().split(';')[0]?.trim() ?? '';
    return {
      stream: download.content,
      headers: present({ contentType, filename: download.meta.filename }),
    };
  });
}

/** One part, decoded: a download, or shown in the page when it is a raster image asked inline. */
export function openPart(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  uid: number,
  partId: string,
  inline: boolean,
): Promise<OpenedPart> {
  return openDownload(pool, account, path, uid, partId, ({ contentType, filename }) => {
    const showInline = inline && inlineTypes.has(contentType);
    return downloadHeaders(
      showInline ? contentType : 'application/octet-stream',
      contentDisposition(showInline ? 'inline' : 'attachment', filename?.trim() || 'attachment'),
    );
  });
}

/**
 * The message exactly as the server stores it: a .eml download, or (view) plain text the browser
 * shows in a tab of its own ("show original"), inert under the sandbox policy.
 */
export function openSource(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  uid: number,
  view: boolean,
): Promise<OpenedPart> {
  return openDownload(pool, account, path, uid, undefined, () =>
    view
      ? downloadHeaders('text/plain; charset=utf-8', 'inline')
      : downloadHeaders('message/rfc822', contentDisposition('attachment', `message-${uid}.eml`)),
  );
}

/** Whether the structure has this leaf part (a single-part message's body is part 1). */
function hasPart(structure: ImapBodyPart, partId: string): boolean {
  if (!structure.childNodes?.length) return (structure.part ?? '1') === partId;
  return structure.childNodes.some((child) => hasPart(child, partId));
}

export function downloadHeaders(type: string, disposition: string): Headers {
  return new Headers({
    'Content-Type': type,
    'Content-Disposition': disposition,
    'X-Content-Type-Options': 'nosniff',
    // Also what server.ts sets on every API response; said here so a download never lacks it.
    'Content-Security-Policy': apiContentSecurityPolicy,
    'Cache-Control': 'private, max-age=300',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
}

/** RFC 6266: an ASCII fallback name and the exact name in RFC 5987 encoding. */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 255);
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
