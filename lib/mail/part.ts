/**
 * Downloads from a message, streamed: one part (an attachment, an inline image; see
 * part-stream.ts) or the whole message as stored. The user's IMAP connection stays taken until
 * the download ends or the browser goes away.
 */
import 'server-only';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import type { ImapPool, PoolAccount } from '../imap/pool';
import { apiContentSecurityPolicy } from '../security-headers';
import { flagParam } from './params';
import { parsedFile, parsedIndex } from './parsed';
import { partStream } from './part-stream';

/** Raster image types shown in the page when asked (?inline=1); everything else downloads. */
const inlineTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export const uidParam = z.coerce
  .number({ error: 'must be a message UID' })
  .int('must be a message UID')
  .min(1, 'must be a message UID')
  .max(4_294_967_295, 'must be a message UID');

/** An IMAP part number, or `0.n`: a file only Tern's own parser finds (lib/mail/parsed.ts). */
export const partIdParam = z
  .string()
  .regex(
    /^([1-9]\d{0,3}(\.[1-9]\d{0,3}){0,23}|0\.[1-9]\d{0,3})$/,
    'must be a part number such as 1 or 1.2',
  );

export const partQuery = z.object({ inline: flagParam });
export const sourceQuery = z.object({ view: flagParam });

export interface OpenedPart {
  body: ReadableStream<Uint8Array>;
  headers: Headers;
}

const missing = () =>
  new MailError('not_found', 'That message or part is not in this folder (any more).');

/**
 * Hands a stream read from the user's IMAP connection to the browser. The connection stays
 * taken (imapflow runs one command at a time) until `finished` settles, by default when the
 * stream ends or the browser stops reading.
 */
export function streamFromConnection(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  open: (
    client: ImapClient,
  ) => Promise<{ stream: Readable; headers: Headers; finished?: Promise<void> }>,
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
      const { stream, headers, finished } = await open(client);
      const ended =
        finished ??
        new Promise<void>((done) => {
          stream.once('close', done);
          stream.once('end', done);
          stream.once('error', () => done());
        });
      resolve({ body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, headers });
      await ended;
    },
    { folder: path },
  );
  holding.catch(reject);
  return opened;
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
  return streamFromConnection(pool, account, path, async (client) => {
    const index = parsedIndex(partId);
    if (index !== undefined) {
      const file = await parsedFile(client, uid, index);
      if (!file) throw missing();
      const { contentType, filename } = file.attachment;
      return {
        stream: Readable.from([file.content]),
        headers: partHeaders(contentType, filename, inline),
      };
    }
    const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
    const download =
      message && message.bodyStructure && partStream(client, uid, message.bodyStructure, partId);
    if (!download) throw missing();
    return {
      stream: download.stream,
      finished: download.finished,
      headers: partHeaders(
        download.part.type.toLowerCase(),
        download.part.dispositionParameters?.filename ?? download.part.parameters?.name,
        inline,
      ),
    };
  });
}

/** The same headers for every part, wherever it comes from: inline only for raster images. */
function partHeaders(type: string, filename: string | undefined, inline: boolean): Headers {
  const showInline = inline && inlineTypes.has(type);
  return downloadHeaders(
    showInline ? type : 'application/octet-stream',
    contentDisposition(showInline ? 'inline' : 'attachment', filename?.trim() || 'attachment'),
  );
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
  return streamFromConnection(pool, account, path, async (client) => {
    // imapflow answers an empty stream for a message that is not there: ask first.
    if (!(await client.fetchOne(String(uid), { uid: true }, { uid: true }))) throw missing();
    const download = await client.download(String(uid), undefined, { uid: true });
    if (!download.content) throw missing();
    return {
      stream: download.content,
      headers: view
        ? downloadHeaders('text/plain; charset=utf-8', 'inline')
        : downloadHeaders('message/rfc822', contentDisposition('attachment', `message-${uid}.eml`)),
    };
  });
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
