/**
 * The upload spool: attachments the user picked wait here, on disk under config.compose.uploadDir
 * (one folder per user, by a hash of the address), until a draft holding them is saved to Drafts.
 * Streamed in and out, never held whole in memory. CONTRACT STUB: the uploads helper implements it.
 */
import 'server-only';
import type { Readable } from 'node:stream';
import type { UploadedFile } from '../types';

export interface SpoolOptions {
  dir: string;
  /** The most one file may hold, decoded bytes. */
  maxBytes: number;
}

/** Stores a file streamed from the request body; past maxBytes it stops, removes it and throws 413. */
export async function saveUpload(
  _options: SpoolOptions,
  _user: string,
  _file: { filename: string; contentType: string; body: ReadableStream<Uint8Array> },
): Promise<UploadedFile> {
  throw new Error('not implemented yet');
}

/** The file's bytes and description, or undefined when it is not (any more) in the spool. */
export async function openUpload(
  _options: SpoolOptions,
  _user: string,
  _id: string,
): Promise<{ file: UploadedFile; stream: () => Readable } | undefined> {
  throw new Error('not implemented yet');
}

/** Removes a file (cancelled, or now kept in a saved draft); a missing one is no error. */
export async function removeUpload(
  _options: SpoolOptions,
  _user: string,
  _id: string,
): Promise<void> {
  throw new Error('not implemented yet');
}
