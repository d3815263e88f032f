/**
 * The upload spool: attachments the user picked wait here, on disk under config.compose.uploadDir
 * (one folder per user, by a hash of the address), until a draft holding them is saved to Drafts.
 * Streamed in and out, never held whole in memory.
 *
 * Layout: `<dir>/<sha256(user, lower-cased)>/<id>` holds the bytes, `<id>.json` beside it what
 * the user called the file. Folders are 0700 and files 0600: other local users read nothing.
 * A file without its description is an upload that never finished, and is not offered.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { isMailError, MailError } from '../../errors';
import { fileTooLargeMessage } from '../../shared/size';
import type { UploadedFile } from '../types';

export interface SpoolOptions {
  dir: string;
  /** The most one file may hold, decoded bytes. */
  maxBytes: number;
}

/** The spool as the configuration describes it: one file may be as large as a message's attachments. */
export function spoolOptions(compose: {
  uploadDir: string;
  attachmentMaxBytes: number;
}): SpoolOptions {
  return { dir: compose.uploadDir, maxBytes: compose.attachmentMaxBytes };
}

/** 22 or more base64url characters; never a dot or a slash, so an id cannot leave its folder. */
export const uploadIdPattern = /^[A-Za-z0-9_-]{22,64}$/;

/** The upload an API path names (`/api/compose/attachments/{id}`). */
export function uploadIdFromParam(segment: string | string[] | undefined): string {
  if (typeof segment === 'string' && uploadIdPattern.test(segment)) return segment;
  throw new MailError('invalid_request', 'The attachment named in the address is not valid.');
}

/** 128 random bits, 22 characters. */
const newUploadId = () => randomBytes(16).toString('base64url');

/** Files left this long (a compose abandoned before its first draft save) are removed. */
export const uploadMaxAgeMs = 24 * 60 * 60_000;
/** The spool is swept at most this often, by whichever upload comes first. */
const sweepEveryMs = 60 * 60_000;

/** The query string of POST /api/compose/attachments?filename&type: what the body is. */
export const uploadQuery = z.object({
  filename: z.string({ error: 'must name the file' }).max(2000, 'is too long'),
  type: z.string().max(1000, 'is too long').default('application/octet-stream'),
});

/** The description kept beside the bytes. */
const sidecar = z.object({
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().min(0),
  created: z.string(),
});
type Sidecar = z.infer<typeof sidecar>;

function userFolder(dir: string, user: string): string {
  return path.join(dir, createHash('sha256').update(user.toLowerCase()).digest('hex'));
}

/** Where an upload's bytes and description are; undefined for an id Tern never gives out. */
function uploadPaths(
  options: SpoolOptions,
  user: string,
  id: string,
): { data: string; sidecar: string } | undefined {
  if (!uploadIdPattern.test(id)) return undefined;
  const data = path.join(userFolder(options.dir, user), id);
  return { data, sidecar: `${data}.json` };
}

/** Stores a file streamed from the request body; past maxBytes it stops, removes it and throws 413. */
export async function saveUpload(
  options: SpoolOptions,
  user: string,
  file: { filename: string; contentType: string; body: ReadableStream<Uint8Array> },
): Promise<UploadedFile> {
  const id = newUploadId();
  const paths = uploadPaths(options, user, id)!;
  const counter = new ByteLimit(options.maxBytes);
  const description: Omit<Sidecar, 'size'> = {
    filename: safeFilename(file.filename),
    contentType: safeContentType(file.contentType),
    created: new Date().toISOString(),
  };
  try {
    await mkdir(path.dirname(paths.data), { recursive: true, mode: 0o700 });
    await pipeline(
      Readable.fromWeb(file.body as NodeReadableStream<Uint8Array>),
      counter,
      createWriteStream(paths.data, { flags: 'wx', mode: 0o600 }),
    );
    const stored: Sidecar = { ...description, size: counter.bytes };
    await writeFile(paths.sidecar, JSON.stringify(stored), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    await Promise.all([rm(paths.data, { force: true }), rm(paths.sidecar, { force: true })]);
    throw storeFailure(error);
  }
  await sweepNowAndThen(options.dir);
  return {
    id,
    filename: description.filename,
    contentType: description.contentType,
    size: counter.bytes,
  };
}

/** The file's bytes and description, or undefined when it is not (any more) in the spool. */
export async function openUpload(
  options: SpoolOptions,
  user: string,
  id: string,
): Promise<{ file: UploadedFile; stream: () => Readable } | undefined> {
  const paths = uploadPaths(options, user, id);
  if (!paths) return undefined;
  // The spool is runtime data, not part of the build: the tracer must not follow this path.
  const sidecar = readFile(/* turbopackIgnore: true */ paths.sidecar, 'utf8');
  const found = await Promise.all([sidecar, stat(paths.data)]).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (!found) return undefined;
  const [text, info] = found;
  const described = parseSidecar(text);
  // A description that does not match the bytes is not trusted: that upload is gone.
  if (!described || !info.isFile() || info.size !== described.size) return undefined;
  const { filename, contentType, size } = described;
  return {
    file: { id, filename, contentType, size },
    stream: () => createReadStream(paths.data),
  };
}

/** Removes a file (cancelled, or now kept in a saved draft); a missing one is no error. */
export async function removeUpload(options: SpoolOptions, user: string, id: string): Promise<void> {
  const paths = uploadPaths(options, user, id);
  if (!paths) return;
  // The description first: from then on the upload is gone for openUpload, whatever follows.
  await rm(paths.sidecar, { force: true });
  await rm(paths.data, { force: true });
}

function parseSidecar(text: string): Sidecar | undefined {
  try {
    const parsed = sidecar.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Counts the bytes going through and fails the stream (so the pipeline stops) past the limit. */
class ByteLimit extends Transform {
  bytes = 0;
  private readonly limit: number;

  constructor(limit: number) {
    super();
    this.limit = limit;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit)
      done(new MailError('payload_too_large', fileTooLargeMessage(this.limit)));
    else done(null, chunk);
  }
}

/** Our own refusals pass through; a body that stopped coming is the client's doing; the disk is ours. */
function storeFailure(error: unknown): unknown {
  if (isMailError(error)) return error;
  const failure = error as NodeJS.ErrnoException;
  if (failure.code === 'ENOSPC' || failure.code === 'EDQUOT') {
    return new MailError(
      'internal',
      'The server has no room left for attachments right now. Try again later; the administrator has been told.',
      { cause: error },
    );
  }
  // A file system call failed: unexpected, logged as such.
  if (failure.syscall) return error;
  return new MailError(
    'invalid_request',
    'The upload stopped before the whole file arrived. Try again.',
    { cause: error },
  );
}

/** Characters that would hide or disguise part of a name: controls and bidirectional overrides. */
const invisible = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const maxFilenameLength = 255;

/**
 * The name the user's browser gave the file, made safe to store and to put in a MIME header:
 * no folder part (any browser or OS separator), no control or bidi characters, Unicode kept, at
 * most 255 characters (UTF-16 units, never splitting one), the extension kept when cut.
 */
export function safeFilename(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(invisible, '').normalize('NFC').trim();
  if (/^\.*$/.test(cleaned)) return 'attachment';
  return shortened(cleaned, maxFilenameLength);
}

function shortened(name: string, max: number): string {
  if (name.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return cut(name.slice(0, name.length - extension.length), max - extension.length) + extension;
}

/** The longest start of `text` within `max` UTF-16 units that does not split a character. */
function cut(text: string, max: number): string {
  let result = '';
  for (const character of text) {
    if (result.length + character.length > max) break;
    result += character;
  }
  return result;
}

/** type/subtype as the send schema accepts it, lower-cased; anything else is plain bytes. */
const mediaType = /^[a-z0-9][\w.+-]{0,99}\/[\w.+-]{1,99}$/;

export function safeContentType(raw: string): string {
  const essence = (raw.split(';')[0] ?? '').trim().toLowerCase();
  return mediaType.test(essence) ? essence : 'application/octet-stream';
}

/** When each spool folder was last swept, so an upload sweeps at most once an hour. */
const lastSweep = new Map<string, number>();

async function sweepNowAndThen(dir: string): Promise<void> {
  const now = Date.now();
  if (now - (lastSweep.get(dir) ?? 0) < sweepEveryMs) return;
  lastSweep.set(dir, now);
  // A failed sweep must not fail the upload that triggered it; the next one tries again.
  await sweepUploads(dir, now).catch((error: unknown) =>
    console.warn('tern: sweeping the upload spool failed:', error),
  );
}

/** Removes every spooled file (bytes or description) older than a day; answers how many. */
export async function sweepUploads(dir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  const users = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const user of users) {
    if (!user.isDirectory() || !/^[0-9a-f]{64}$/.test(user.name)) continue;
    const folder = path.join(dir, user.name);
    for (const name of await readdir(folder).catch(() => [])) {
      const file = path.join(folder, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile() || now - info.mtimeMs <= uploadMaxAgeMs) continue;
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
