/**
 * Downloading one part of a message (an attachment, an inline image), streamed: imapflow fetches
 * it in chunks and decodes it on the way, so a 50 MB attachment never sits in memory. The user's
 * IMAP connection stays taken until the stream ends or the browser goes away.
 */
import 'server-only';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapBodyPart } from '../imap/client';
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

export const partQuery = z.object({
  inline: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
});

export interface OpenedPart {
  body: ReadableStream<Uint8Array>;
  headers: Headers;
}

export async function openPart(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  uid: number,
  partId: string,
  inline: boolean,
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
      // imapflow answers an empty stream for a part number the message lacks: ask first.
      const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
      if (!message || !message.bodyStructure || !hasPart(message.bodyStructure, partId))
        throw new MailError('not_found', 'That message or part is not in this folder (any more).');
      const download = await client.download(String(uid), partId, { uid: true });
      if (!download.content)
        throw new MailError('not_found', 'That message or part is not in this folder (any more).');
      const stream = download.content;
      const finished = new Promise<void>((done) => {
        stream.once('close', done);
        stream.once('end', done);
        stream.once('error', () => done());
      });
      const type = download.meta.contentType?.toLowerCase().split(';')[0]?.trim() ?? '';
      const showInline = inline && inlineTypes.has(type);
      resolve({
        body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
        headers: partHeaders(download.meta.filename, type, showInline),
      });
      await finished;
    },
    { folder: path },
  );
  holding.catch(reject);
  return opened;
}

/** Whether the structure has this leaf part (a single-part message's body is part 1). */
function hasPart(structure: ImapBodyPart, partId: string): boolean {
  if (!structure.childNodes?.length) return (structure.part ?? '1') === partId;
  return structure.childNodes.some((child) => hasPart(child, partId));
}

function partHeaders(filename: string | undefined, type: string, inline: boolean): Headers {
  const name = filename?.trim() || 'attachment';
  return new Headers({
    'Content-Type': inline ? type : 'application/octet-stream',
    'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', name),
    'X-Content-Type-Options': 'nosniff',
    // Also what server.ts sets on every API response; said here so the part never lacks it.
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
