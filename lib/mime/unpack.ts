/**
 * What a parsed message holds beyond its MIME parts: files uuencoded into its text, BinHex files,
 * and parts sent in uuencode (which MIME parsers leave encoded). One list of files in a fixed
 * order, so a file's place in it can name it for a download (see lib/mail/parsed.ts).
 */
import 'server-only';
import { decodeBinHex } from './binhex';
import type { ParsedMessage } from './parse';
import { decodeUuencode, extractUuencoded, uuencodings } from './uuencode';

export interface UnpackedFile {
  filename: string | undefined;
  contentType: string;
  disposition: 'attachment' | 'inline' | undefined;
  contentId: string | null;
  content: Buffer;
  /**
   * The MIME part this file is, as IMAP would number it and decode it; undefined for a file
   * Tern took out of a part (BinHex, uuencoded in the text).
   */
  partId: string | undefined;
  /** The MIME part a BinHex file was decoded from. */
  inPart?: string;
}

export interface UnpackedMessage {
  html: string | null;
  text: string | null;
  files: UnpackedFile[];
}

export const binHexTypes = new Set([
  'application/mac-binhex40',
  'application/mac-binhex',
  'application/binhex',
  'application/binhex4',
  'application/x-binhex40',
  'application/x-mac-binhex40',
]);

/** Types for files that carry only a name, by its extension; the rest are octet streams. */
const typesByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  pdf: 'application/pdf',
  txt: 'text/plain',
  doc: 'application/msword',
  zip: 'application/zip',
};

export function typeOfName(name: string): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return typesByExtension[extension] ?? 'application/octet-stream';
}

export function unpack(parsed: ParsedMessage): UnpackedMessage {
  const files = parsed.parts.map(({ transferEncoding, ...part }): UnpackedFile => {
    const file: UnpackedFile = part;
    if (binHexTypes.has(part.contentType)) {
      const decoded = decodeBinHex(part.content);
      // Not BinHex after all (or damaged): offered as it was sent.
      if (!decoded) return file;
      const filename = part.filename ?? decoded.name;
      return {
        ...file,
        filename,
        contentType: typeOfName(filename),
        content: decoded.data,
        partId: undefined,
        inPart: part.partId,
      };
    }
    // IMAP part downloads undo uuencode too (lib/mime/transfer-stream.ts), so the part stays one.
    if (uuencodings.has(transferEncoding))
      return { ...file, content: decodeUuencode(part.content, true) };
    return file;
  });
  const embedded = parsed.text === null ? undefined : extractUuencoded(parsed.text);
  for (const { filename, content } of embedded?.files ?? [])
    files.push({
      filename,
      contentType: typeOfName(filename),
      disposition: 'attachment',
      contentId: null,
      content,
      partId: undefined,
    });
  const text = embedded?.text.trim() ? embedded.text : null;
  return { html: parsed.html, text, files };
}
