/**
 * Downloading one part of a message (an attachment, an inline image), streamed: fetched in chunks
 * and decoded from its transfer encoding on the way, so a 50 MB attachment never sits in memory.
 * The bytes are the ones the sender encoded: no charset conversion, no format=flowed unwrapping
 * (imapflow's download() does both to text parts, which would change an attached file). The
 * user's IMAP connection stays taken until the last chunk is fetched or the browser goes away.
 */
import 'server-only';
import { pipeline, Readable } from 'node:stream';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import type { ImapPool, PoolAccount } from '../imap/pool';
import { transferDecoder } from '../mime/transfer-stream';
import { apiContentSecurityPolicy } from '../security-headers';

/** How much of a part one FETCH asks for. */
const chunkSize = 256 * 1024;

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
      const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
      const part = message && message.bodyStructure && findPart(message.bodyStructure, partId);
      if (!part)
        throw new MailError('not_found', 'That message or part is not in this folder (any more).');
      // A single-part message's body is section 1, which some servers only answer as TEXT.
      const section = message.bodyStructure?.childNodes?.length ? partId : 'TEXT';
      let drained!: () => void;
      const fetched = new Promise<void>((done) => (drained = done));
      const chunks = Readable.from(sectionChunks(client, uid, section, drained));
      const decoder = transferDecoder(part.encoding);
      const stream = decoder ? pipeline(chunks, decoder, () => {}) : chunks;
      // A download cancelled before it started never runs the generator's own `finally`.
      stream.once('close', drained);
      const type = part.type.toLowerCase();
      const filename = part.dispositionParameters?.filename ?? part.parameters?.name;
      resolve({
        body: Readable.toWeb(stream) as ReadableStream<Uint8Array>,
        headers: partHeaders(filename, type, inline && inlineTypes.has(type)),
      });
      await fetched;
    },
    { folder: path },
  );
  holding.catch(reject);
  return opened;
}

/**
 * The part with this number that is not a multipart (a single-part message's body is part 1). An
 * attached message comes before its own body, which imapflow numbers the same.
 */
function findPart(node: ImapBodyPart, partId: string): ImapBodyPart | undefined {
  const id = node.part ?? (node.childNodes?.length ? undefined : '1');
  if (id === partId && !node.type.toLowerCase().startsWith('multipart/')) return node;
  for (const child of node.childNodes ?? []) {
    const found = findPart(child, partId);
    if (found) return found;
  }
  return undefined;
}

/**
 * A section's bytes, one partial FETCH at a time as the reader asks for them; `done` is called
 * when no more are fetched, however the download ends.
 */
async function* sectionChunks(
  client: ImapClient,
  uid: number,
  section: string,
  done: () => void,
): AsyncGenerator<Buffer> {
  try {
    for (let start = 0; ;) {
      const message = await client.fetchOne(
        String(uid),
        { uid: true, bodyParts: [{ key: section, start, maxLength: chunkSize }] },
        { uid: true },
      );
      if (!message) throw new MailError('not_found', 'The message went away during the download.');
      const chunk = message.bodyParts?.get(section.toLowerCase());
      if (!chunk?.length) return;
      yield chunk;
      start += chunk.length;
      // Short: that was the end. Longer: the server ignored the range and sent it all.
      if (chunk.length !== chunkSize) return;
    }
  } finally {
    done();
  }
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
