/**
 * Transfer and header encodings: quoted-printable, base64, RFC 2047
 * encoded-words, RFC 2231 parameters and header folding.
 */
import iconv from 'iconv-lite';

export const CRLF = '\r\n';

/** Folded header lines stay within RFC 5322's recommended 78 characters. */
const HEADER_WIDTH = 78;

/** Encoded-words are capped so a word plus folding whitespace fits in 78. */
const MAX_ENCODED_WORD = 66;

const ASCII_ONLY = /^[\x00-\x7f]*$/;

export function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');
const HEX_ESCAPES: readonly string[] = Array.from(
  { length: 256 },
  (_, byte) => `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
);

/**
 * RFC 2045 quoted-printable; LF in the input marks a hard line break (CRLF).
 * Writes bytes into one preallocated buffer because this runs for roughly half
 * of all parts and string concatenation per byte is measurably slower.
 */
export function encodeQuotedPrintable(input: Uint8Array): string {
  const length = input.length;
  const out = Buffer.allocUnsafe(length * 4 + 16);
  let o = 0;
  let column = 0;
  for (let i = 0; i < length; i++) {
    const byte = input[i] ?? 0;
    if (byte === 0x0a) {
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
      continue;
    }
    if (byte === 0x0d) continue;
    const next = i + 1 < length ? (input[i + 1] ?? 0x0a) : 0x0a;
    const lastOnLine = next === 0x0a || next === 0x0d;
    // Whitespace is only literal when something visible follows it on the line.
    const literal =
      (byte >= 0x21 && byte <= 0x7e && byte !== 0x3d) ||
      ((byte === 0x20 || byte === 0x09) && !lastOnLine);
    const width = literal ? 1 : 3;
    if (column + width > (lastOnLine ? 76 : 75)) {
      out[o++] = 0x3d;
      out[o++] = 0x0d;
      out[o++] = 0x0a;
      column = 0;
    }
    if (literal) {
      out[o++] = byte;
    } else {
      out[o++] = 0x3d;
      out[o++] = HEX_DIGITS[byte >> 4] ?? 0x30;
      out[o++] = HEX_DIGITS[byte & 15] ?? 0x30;
    }
    column += width;
  }
  return out.toString('latin1', 0, o);
}

/** Base64 wrapped at 76 columns (RFC 2045), without a trailing CRLF. */
export function base64Lines(data: Uint8Array): string {
  const encoded = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  if (encoded.length <= 76) return encoded;
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

export type LegacyCharset = 'ISO-8859-1' | 'Shift_JIS' | 'windows-1251' | 'GB18030';
export type Charset = 'UTF-8' | LegacyCharset;

export function encodeCharset(text: string, charset: Charset): Buffer {
  return charset === 'UTF-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
}

/**
 * RFC 2047 encoded-words for a phrase or unstructured text. Latin-ish text
 * uses Q (readable, like most clients); other scripts and emoji use B.
 * Words never split a character, as the RFC requires.
 */
export function encodeWords(text: string, charset: Charset): string[] {
  let latin = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x24f) {
      latin = false;
      break;
    }
  }
  return latin ? encodeWordsQ(text, charset) : encodeWordsB(text, charset);
}

function encodeWordsB(text: string, charset: Charset): string[] {
  const prefix = `=?${charset}?B?`;
  const maxBytes = (Math.floor((MAX_ENCODED_WORD - prefix.length - 2) / 4) * 4 * 3) / 4;
  const words: string[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  for (const character of text) {
    const bytes = encodeCharset(character, charset);
    if (size > 0 && size + bytes.length > maxBytes) {
      words.push(`${prefix}${Buffer.concat(pending, size).toString('base64')}?=`);
      pending = [];
      size = 0;
    }
    pending.push(bytes);
    size += bytes.length;
  }
  if (size > 0) words.push(`${prefix}${Buffer.concat(pending, size).toString('base64')}?=`);
  return words;
}

/** Characters RFC 2047 allows unencoded inside a Q word in every header context. */
function isQSafe(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x21 ||
    code === 0x2a ||
    code === 0x2b ||
    code === 0x2d ||
    code === 0x2f
  );
}

function encodeWordsQ(text: string, charset: Charset): string[] {
  const prefix = `=?${charset}?Q?`;
  const budget = MAX_ENCODED_WORD - prefix.length - 2;
  const words: string[] = [];
  let current = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    let piece: string;
    if (character.length === 1 && isQSafe(code)) {
      piece = character;
    } else if (code === 0x20) {
      piece = '_';
    } else {
      piece = '';
      for (const byte of encodeCharset(character, charset)) piece += HEX_ESCAPES[byte] ?? '';
    }
    if (current.length > 0 && current.length + piece.length > budget) {
      words.push(`${prefix}${current}?=`);
      current = '';
    }
    current += piece;
  }
  if (current.length > 0) words.push(`${prefix}${current}?=`);
  return words;
}

/** RFC 2231 extended parameter value (used for non-ASCII attachment names). */
export function rfc2231Value(text: string): string {
  let out = "UTF-8''";
  for (const byte of Buffer.from(text, 'utf8')) {
    const isAttrChar =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      '!#$&+-.^_`|~'.includes(String.fromCharCode(byte));
    out += isAttrChar
      ? String.fromCharCode(byte)
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Folds one header line at spaces so lines stay within 78 characters where
 * possible. Unfolding (removing CRLF) restores the exact input, so this is
 * safe for any header whose value has no tokens longer than a line.
 */
export function fold(line: string): string {
  if (line.length <= HEADER_WIDTH) return line;
  const parts: string[] = [];
  // Never break right after "Name:", which would leave an empty first line.
  let minimum = line.indexOf(':') + 2;
  let start = 0;
  while (line.length - start > HEADER_WIDTH) {
    let at = line.lastIndexOf(' ', start + HEADER_WIDTH);
    if (at <= Math.max(start, minimum)) {
      at = line.indexOf(' ', Math.max(start, minimum) + 1);
      if (at < 0) break;
    }
    parts.push(line.slice(start, at));
    start = at;
    minimum = 0;
  }
  parts.push(line.slice(start));
  return parts.join(CRLF);
}
