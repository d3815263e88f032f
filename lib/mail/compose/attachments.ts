/**
 * Where a compose's files come from, as streams for the message builder: an upload in the spool,
 * an attachment of the current Drafts copy, a part of a message (forwarding), or a whole message
 * (forward as attachment), and the images the HTML shows from the user's messages. Everything is
 * checked before the build (a missing file is a 404 naming it, an estimate over the limit a 413),
 * then read lazily, one stream and one IMAP connection at a time, counted as it flows so the total
 * can never pass config.compose.attachmentMaxBytes.
 */
import 'server-only';
import { Readable } from 'node:stream';
import { MailError } from '../../errors';
import type { ImapBodyPart, ImapClient } from '../../imap/client';
import type { ImapPool, PoolAccount } from '../../imap/pool';
import { decodedSize, layoutOf } from '../../mime/structure';
import { parsedFile, parsedIndex } from '../parsed';
import { findPart, partStream } from '../part-stream';
import type { Attachment, ComposeAttachment } from '../types';
import { fetchCurrent } from './copies';
import type { PartSource } from './outgoing-html';
import { openUpload, type SpoolOptions } from './uploads';

export interface ContentSource {
  pool: ImapPool;
  account: PoolAccount;
  spool: SpoolOptions;
  /** The current Drafts copy of this compose: what {kind: 'draft', index} refs point into. */
  draft: { folder: string; uid: number } | undefined;
  /** The most the files may add up to, decoded. */
  maxBytes: number;
}

export interface ResolvedContent {
  attachments: Array<{ filename: string; contentType: string; content: Readable }>;
  related: Array<{ cid: string; contentType: string; content: Readable }>;
  /** The images of the HTML that were found (the others are left out of it). */
  images: Set<string>;
  /** Decoded bytes of each attachment, exact once the message is built. */
  sizes(): number[];
  /** The spool files now inside the message, to remove once a copy of it is saved. */
  uploads: string[];
  /** Closes whatever the builder opened and left unread (a failed build). */
  dispose(): void;
}

/** An image the reader shows inline: raster types only, as the reader itself allows. */
const inlineImageTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

type Open = (client: ImapClient) => Promise<{ stream: Readable; finished?: Promise<void> }>;

interface Planned {
  contentType: string;
  /** Decoded size as far as known before reading (exact for uploads and whole messages). */
  estimate: number;
  /** The bytes, once the builder asks for them. */
  chunks: () => AsyncIterable<Buffer>;
}

export function sizeInWords(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

export function tooLarge(maxBytes: number): MailError {
  return new MailError(
    'payload_too_large',
    `The attachments add up to more than ${sizeInWords(maxBytes)}, the most one message can carry. Remove some and try again.`,
  );
}

/**
 * Reads from a stream opened on one of the user's IMAP connections, holding that connection
 * until the stream is read to the end or abandoned.
 */
async function* fromConnection(
  pool: ImapPool,
  account: PoolAccount,
  folder: string,
  open: Open,
): AsyncGenerator<Buffer> {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  let opened!: (value: { stream: Readable }) => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<{ stream: Readable }>((resolve, reject) => {
    opened = resolve;
    failed = reject;
  });
  const held = pool.use(
    account,
    async (client) => {
      const { stream, finished } = await open(client);
      opened({ stream });
      await done;
      stream.destroy();
      await finished;
    },
    { folder },
  );
  held.catch(failed);
  const { stream } = await ready;
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    release();
    await held.catch(() => undefined);
  }
}

/** Structures fetched once per message for one resolution. */
class Structures {
  private readonly known = new Map<string, Promise<ImapBodyPart | undefined>>();
  private readonly source: ContentSource;

  constructor(source: ContentSource) {
    this.source = source;
  }

  of(folder: string, uid: number): Promise<ImapBodyPart | undefined> {
    const key = `${folder}\u0000${uid}`;
    let found = this.known.get(key);
    if (!found) {
      found = this.source.pool.use(
        this.source.account,
        async (client) => (await fetchCurrent(client, uid, { bodyStructure: true }))?.bodyStructure,
        { folder, idempotent: true },
      );
      this.known.set(key, found);
    }
    return found;
  }
}

/** The attachments of a message in the order the reader lists them, inline images left out. */
export function attachedFiles(structure: ImapBodyPart): Attachment[] {
  return layoutOf(structure).attachments.filter((a) => a.disposition === 'attachment');
}

/** A part of a message, decoded, streamed from IMAP (or from Tern's parser for a `0.n` file). */
function partChunks(source: ContentSource, folder: string, uid: number, partId: string) {
  const parsed = parsedIndex(partId);
  return () =>
    fromConnection(source.pool, source.account, folder, async (client) => {
      const gone = () => new MailError('not_found', 'A forwarded file went away while sending.');
      if (parsed !== undefined) {
        const file = await parsedFile(client, uid, parsed);
        if (!file) throw gone();
        return { stream: Readable.from([file.content]) };
      }
      const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
      const download =
        message && message.bodyStructure && partStream(client, uid, message.bodyStructure, partId);
      if (!download) throw gone();
      return { stream: download.stream, finished: download.finished };
    });
}

async function planAttachment(
  source: ContentSource,
  structures: Structures,
  attachment: ComposeAttachment,
  index: number,
): Promise<Planned> {
  const { ref, filename } = attachment;
  const gone = (where: string) =>
    new MailError(
      'not_found',
      `attachments.${index}: "${filename}" is no longer ${where}. Remove it and attach it again.`,
    );
  switch (ref.kind) {
    case 'upload': {
      const upload = await openUpload(source.spool, source.account.email, ref.id);
      if (!upload) throw gone('on the server (uploads are kept for a day)');
      return {
        contentType: attachment.contentType,
        estimate: upload.file.size,
        chunks: () => upload.stream(),
      };
    }
    case 'draft': {
      const draft = source.draft;
      const structure = draft && (await structures.of(draft.folder, draft.uid));
      const file = structure && attachedFiles(structure)[ref.index];
      if (!draft || !file) throw gone('in the saved draft (it was changed or deleted elsewhere)');
      return {
        contentType: attachment.contentType,
        estimate: file.size,
        chunks: partChunks(source, draft.folder, draft.uid, file.partId),
      };
    }
    case 'part': {
      const structure = await structures.of(ref.folder, ref.uid);
      const parsed = parsedIndex(ref.partId) !== undefined;
      const part = structure && (parsed ? structure : findPart(structure, ref.partId));
      if (!part) throw gone(`in ${ref.folder}`);
      return {
        contentType: attachment.contentType,
        estimate: parsed ? 0 : decodedSize(part),
        chunks: partChunks(source, ref.folder, ref.uid, ref.partId),
      };
    }
    case 'message': {
      const structure = await structures.of(ref.folder, ref.uid);
      if (!structure) throw gone(`in ${ref.folder}`);
      return {
        contentType: 'message/rfc822',
        estimate: 0,
        chunks: () =>
          fromConnection(source.pool, source.account, ref.folder, async (client) => {
            const download = await client.download(String(ref.uid), undefined, { uid: true });
            if (!download.content)
              throw new MailError('not_found', 'A forwarded message went away while sending.');
            return { stream: download.content };
          }),
      };
    }
  }
}

async function planImage(
  structures: Structures,
  source: ContentSource,
  image: PartSource,
): Promise<Planned | undefined> {
  const structure = await structures.of(image.folder, image.uid).catch(() => undefined);
  const part = structure && findPart(structure, image.partId);
  const type = part?.type.toLowerCase();
  if (!part || !type || !inlineImageTypes.has(type)) return undefined;
  return {
    contentType: type,
    estimate: decodedSize(part),
    chunks: partChunks(source, image.folder, image.uid, image.partId),
  };
}

/**
 * Checks every file and image and plans how to read it. Throws 404 for a file that is gone and
 * 413 when the known sizes already pass the limit; images that are gone are left out.
 */
export async function resolveContent(
  source: ContentSource,
  attachments: ComposeAttachment[],
  images: Array<{ cid: string; source: PartSource }>,
): Promise<ResolvedContent> {
  const structures = new Structures(source);
  const planned = await Promise.all(
    attachments.map((a, i) => planAttachment(source, structures, a, i)),
  );
  const pictures = (
    await Promise.all(
      images.map(async (image) => ({
        cid: image.cid,
        plan: await planImage(structures, source, image.source),
      })),
    )
  ).filter((p): p is { cid: string; plan: Planned } => p.plan !== undefined);
  const estimate = [...planned, ...pictures.map((p) => p.plan)].reduce((n, p) => n + p.estimate, 0);
  if (estimate > source.maxBytes) throw tooLarge(source.maxBytes);

  let total = 0;
  const sizes = planned.map(() => 0);
  const streams: Readable[] = [];
  const counted = (plan: Planned, onBytes: (n: number) => void): Readable => {
    const stream = Readable.from(
      (async function* () {
        for await (const chunk of plan.chunks()) {
          total += chunk.length;
          onBytes(chunk.length);
          if (total > source.maxBytes) throw tooLarge(source.maxBytes);
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    streams.push(stream);
    return stream;
  };

  return {
    attachments: planned.map((plan, i) => ({
      filename: attachments[i]!.filename,
      contentType: plan.contentType,
      content: counted(plan, (n) => (sizes[i]! += n)),
    })),
    related: pictures.map(({ cid, plan }) => ({
      cid,
      contentType: plan.contentType,
      content: counted(plan, () => {}),
    })),
    images: new Set(pictures.map((p) => p.cid)),
    sizes: () => [...sizes],
    uploads: attachments.flatMap((a) => (a.ref.kind === 'upload' ? [a.ref.id] : [])),
    dispose: () => {
      for (const stream of streams) stream.destroy();
    },
  };
}
