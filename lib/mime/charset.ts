/**
 * Bytes in a MIME charset → text. The WHATWG decoders built into Node (full ICU) know the labels
 * mail uses, ISO-2022-JP included, which iconv-lite lacks; iconv-lite covers the few older ones
 * they do not (UTF-7, DOS code pages). Never throws: undecodable bytes become U+FFFD.
 */
import 'server-only';
import iconv from 'iconv-lite';

/** Declared US-ASCII (or nothing) over 8-bit bytes is almost always UTF-8, else Windows-1252. */
const unsure = new Set(['', 'us-ascii', 'ascii', 'ansi_x3.4-1968']);

/**
 * Decodes a prefix of a part: a multi-byte character cut off at the end is dropped rather than
 * shown as a replacement character.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (unsure.has(label)) return strictUtf8(bytes) ?? decoded('windows-1252', bytes) ?? '';
  return (
    decoded(label, bytes) ??
    (iconv.encodingExists(label) ? iconv.decode(Buffer.from(bytes), label) : undefined) ??
    // An unknown charset: UTF-8 keeps at least the ASCII readable.
    decoded('utf-8', bytes) ??
    ''
  );
}

function decoded(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}
