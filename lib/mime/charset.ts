/**
 * Bytes in a MIME charset → text. The WHATWG decoders built into Node (full ICU) know the labels
 * mail uses, ISO-2022-JP included, which iconv-lite lacks; iconv-lite covers the few older ones
 * they do not (UTF-7, DOS code pages). Never throws: undecodable bytes become U+FFFD.
 */
import 'server-only';
import iconv from 'iconv-lite';

/** Declared US-ASCII (or nothing) over 8-bit bytes is almost always UTF-8, else Windows-1252. */
const unsure = new Set(['', 'us-ascii', 'ascii', 'ansi_x3.4-1968']);
const utf8Labels = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
/** One well-formed UTF-8 multi-byte sequence, in bytes read as Latin-1. */
const utf8Sequence = /[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}/;

/**
 * Decodes a prefix of a part: a multi-byte character cut off at the end is dropped rather than
 * shown as a replacement character.
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const label = (charset ?? '')
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (unsure.has(label)) return utf8OrLegacy(bytes);
  if (utf8Labels.has(label)) return strictUtf8(bytes) ?? mislabelledUtf8(bytes);
  return (
    decoded(label, bytes) ??
    (iconv.encodingExists(label) ? iconv.decode(Buffer.from(bytes), label) : undefined) ??
    // An unknown charset: read it as if undeclared, which keeps ASCII and most Western text.
    utf8OrLegacy(bytes)
  );
}

/** Undeclared 8-bit text: UTF-8 when it is well-formed, else the usual Western legacy charset. */
export function utf8OrLegacy(bytes: Uint8Array): string {
  return strictUtf8(bytes) ?? decoded('windows-1252', bytes) ?? '';
}

/**
 * Text labelled UTF-8 that is not: when not one of its 8-bit bytes forms a UTF-8 sequence, it was
 * written in a legacy charset (old mailers label Latin-1 as UTF-8); otherwise it is UTF-8 with a
 * few damaged bytes, shown as replacement characters.
 */
function mislabelledUtf8(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  if (utf8Sequence.test(latin1)) return decoded('utf-8', bytes) ?? '';
  return decoded('windows-1252', bytes) ?? '';
}

function decoded(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}

/** The bytes as UTF-8, or undefined when they are not well-formed UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return undefined;
  }
}
