/**
 * Content-Transfer-Encoding decoders for a part streamed in chunks of any size (downloads). They
 * give the bytes the sender encoded, nothing more: no charset conversion, no format=flowed.
 */
import 'server-only';
import { Transform, type TransformCallback } from 'node:stream';
import { decodeQuotedPrintablePrefix } from './transfer-encoding';
import { UudecodeStream, uuencodings } from './uuencode';

/** The decoder for an encoding, or undefined when the bytes pass as they are (7bit, 8bit, binary). */
export function transferDecoder(encoding: string | undefined): Transform | undefined {
  const name = encoding?.trim().toLowerCase() ?? '';
  if (name === 'base64') return new Base64Stream();
  if (name === 'quoted-printable') return new QuotedPrintableStream();
  if (uuencodings.has(name)) return new UudecodeStream();
  return undefined;
}

/**
 * Base64: whole 4-character groups as they arrive, the rest carried to the next chunk; characters
 * outside the alphabet are skipped and padding ends the data (as decodeBase64Prefix does).
 */
class Base64Stream extends Transform {
  private carry = '';
  private padded = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.padded) return done();
    let data = this.carry + chunk.toString('latin1').replace(/[^A-Za-z0-9+/=]+/g, '');
    const padding = data.indexOf('=');
    if (padding !== -1) {
      data = data.slice(0, padding);
      this.padded = true;
    }
    const whole = this.padded ? data.length : data.length - (data.length % 4);
    this.carry = data.slice(whole);
    done(null, Buffer.from(data.slice(0, whole), 'base64'));
  }

  override _flush(done: TransformCallback): void {
    done(null, Buffer.from(this.carry, 'base64'));
  }
}

/** A line longer than this (RFC 2045 allows 76 characters) is decoded before its end comes. */
const maxCarry = 64 * 1024;
const equals = 0x3d;

/**
 * Quoted-printable: whole lines as they arrive, so a soft break or an escape never spans two
 * chunks; an endless line is cut anywhere but inside an escape.
 */
class QuotedPrintableStream extends Transform {
  private carry = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const data = Buffer.concat([this.carry, chunk]);
    let cut = data.lastIndexOf(0x0a) + 1;
    if (data.length - cut > maxCarry) {
      cut = data.length;
      if (data[cut - 1] === equals) cut -= 1;
      else if (data[cut - 2] === equals) cut -= 2;
    }
    this.carry = data.subarray(cut);
    done(null, decodeQuotedPrintablePrefix(data.subarray(0, cut)));
  }

  override _flush(done: TransformCallback): void {
    done(null, decodeQuotedPrintablePrefix(this.carry));
  }
}
