/**
 * Content-Transfer-Encoding for a part's first few kilobytes. A partial FETCH cuts the part
 * anywhere, so both decoders drop an encoded unit that was cut off instead of inventing bytes.
 */
import 'server-only';
import { decodeUuencode } from './uuencode';

/**
 * Base64 from a prefix of a part. Padding ends the data (later `=`-separated chunks from broken
 * encoders are dropped); without it the text may have been cut, so only whole 4-character groups
 * are decoded, unless the part is `complete`: then a last group its encoder left unpadded is data.
 * Characters outside the alphabet (line breaks, junk) are skipped, as RFC 2045 asks.
 */
export function decodeBase64Prefix(encoded: Buffer, complete = false): Buffer {
  const text = encoded.toString('latin1');
  const padding = text.indexOf('=');
  const data = (padding === -1 ? text : text.slice(0, padding)).replace(/[^A-Za-z0-9+/]/g, '');
  const whole = padding === -1 && !complete ? data.slice(0, data.length - (data.length % 4)) : data;
  return Buffer.from(whole, 'base64');
}

/**
 * Quoted-printable from a prefix of a part: soft line breaks are removed, `=XX` escapes decoded,
 * and an escape or soft break cut off at the end is dropped. A malformed `=` stays as it is, the
 * robust reading RFC 2045 recommends.
 */
export function decodeQuotedPrintablePrefix(encoded: Buffer): Buffer {
  const text = encoded
    .toString('latin1')
    .replace(/=[ \t]*\r?\n/g, '')
    .replace(/=(?:[0-9A-Fa-f]?|[ \t]*\r?)$/, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(text, 'latin1');
}

/**
 * The part's bytes as its charset sees them; 7bit, 8bit, binary and unknown encodings pass
 * through; uuencode is decoded too. `complete` says the bytes are the whole part, not a prefix of it.
 */
export function decodeTransferPrefix(
  encoded: Buffer,
  encoding: string | undefined,
  complete = false,
): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return decodeBase64Prefix(encoded, complete);
    case 'x-uuencode':
    case 'uuencode':
    case 'x-uue':
      return decodeUuencode(encoded, complete);
    case 'quoted-printable':
      return decodeQuotedPrintablePrefix(encoded);
    default:
      return encoded;
  }
}
