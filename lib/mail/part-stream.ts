/**
 * One part of a message as a stream of the bytes the sender encoded: fetched in chunks as the
 * reader asks for them and decoded from its transfer encoding on the way, so a 50 MB attachment
 * never sits in memory. No charset conversion, no format=flowed unwrapping (imapflow's download()
 * does both to text parts, which would change an attached file).
 */
import 'server-only';
import { pipeline, Readable } from 'node:stream';
import { MailError } from '../errors';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import { transferDecoder } from '../mime/transfer-stream';

/** How much of a part one FETCH asks for. */
const chunkSize = 256 * 1024;

export interface PartStream {
  stream: Readable;
  part: ImapBodyPart;
  /** Settles when no more is fetched from IMAP, however the download ends. */
  finished: Promise<void>;
}

/** The part's stream, or undefined when the message has no such (non-multipart) part. */
export function partStream(
  client: ImapClient,
  uid: number,
  structure: ImapBodyPart,
  partId: string,
): PartStream | undefined {
  const part = findPart(structure, partId);
  if (!part) return undefined;
  // A single-part message's body is section 1, which some servers only answer as TEXT.
  const section = structure.childNodes?.length ? partId : 'TEXT';
  let drained!: () => void;
  const finished = new Promise<void>((done) => (drained = done));
  // One chunk ahead of the reader at most (the default would fetch 16, 4 MB, ahead of it).
  const chunks = Readable.from(sectionChunks(client, uid, section, drained), { highWaterMark: 1 });
  const decoder = transferDecoder(part.encoding);
  const stream = decoder ? pipeline(chunks, decoder, () => {}) : chunks;
  // A download cancelled before it started never runs the generator's own `finally`.
  stream.once('close', drained);
  return { stream, part, finished };
}

/**
 * The part with this number that is not a multipart (a single-part message's body is part 1). An
 * attached message comes before its own body, which imapflow numbers the same.
 */
export function findPart(node: ImapBodyPart, partId: string): ImapBodyPart | undefined {
  const id = node.part ?? (node.childNodes?.length ? undefined : '1');
  if (id === partId && !node.type.toLowerCase().startsWith('multipart/')) return node;
  for (const child of node.childNodes ?? []) {
    const found = findPart(child, partId);
    if (found) return found;
  }
  return undefined;
}

/** A section's bytes, one partial FETCH at a time; `done` is called when no more are fetched. */
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
