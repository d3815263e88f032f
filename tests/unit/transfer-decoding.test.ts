/**
 * Transfer encodings and charsets as real mail uses them (cases from the shared corpus): whole
 * parts as well as prefixes, uuencode, streamed downloads, mislabelled and unknown charsets.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { decodeCharset } from '@/lib/mime/charset';
import { decodeTransferPrefix } from '@/lib/mime/transfer-encoding';
import { transferDecoder } from '@/lib/mime/transfer-stream';
import { decodeUuencode, decodeUuLine } from '@/lib/mime/uuencode';
import { png, uuencode } from '../support/encoders.ts';

const latin1 = (text: string) => Buffer.from(text, 'latin1');

describe('whole parts, not prefixes', () => {
  it('decodes a last base64 group its encoder left unpadded when the part is complete', () => {
    // letters' UTF-8 over base64 samples end "...anVncy4NCg" with no padding.
    const encoded = latin1('anVncy4NCg');
    expect(decodeTransferPrefix(encoded, 'base64', true).toString()).toBe('jugs.\r\n');
    expect(decodeTransferPrefix(encoded, 'base64').toString()).toBe('jugs.\r');
  });
});

describe('uuencode', () => {
  it('decodes a part, with backquotes or with spaces a mail system may have stripped', () => {
    expect(decodeUuencode(Buffer.from(uuencode(png)), true).equals(png)).toBe(true);
    const stripped = uuencode(png, ' ').replace(/ +\r\n/g, '\r\n');
    expect(decodeTransferPrefix(Buffer.from(stripped), 'x-uuencode', true).equals(png)).toBe(true);
    expect(decodeUuLine('#86)C').toString()).toBe('abc');
  });

  it('passes a part that never begins through as it is', () => {
    const text = latin1('not uuencoded at all\r\n');
    expect(decodeUuencode(text, true).equals(text)).toBe(true);
  });
});

describe('streamed downloads', () => {
  /** Feeds the encoded text in chunks of `size` bytes through the decoder for `encoding`. */
  async function streamed(encoded: string, encoding: string, size: number): Promise<Buffer> {
    const bytes = Buffer.from(encoded, 'latin1');
    const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    );
    return buffer(Readable.from(chunks).pipe(transferDecoder(encoding)!));
  }

  it.each([1, 3, 7, 76, 4096])('decodes base64, QP and uuencode in chunks of %i', async (size) => {
    const data = Buffer.concat([png, latin1('Caf\xe9 = cr\xe8me\r\n'), png]);
    const base64 = data.toString('base64').replace(/.{76}/g, '$&\r\n');
    expect((await streamed(base64, 'base64', size)).equals(data)).toBe(true);
    const qp = 'Caf=E9 au l=\r\nait =3D cr=C3=A8me\r\nend=';
    expect((await streamed(qp, 'quoted-printable', size)).toString('latin1')).toBe(
      'Caf\xe9 au lait = cr\xc3\xa8me\r\nend',
    );
    expect((await streamed(uuencode(png), 'x-uuencode', size)).equals(png)).toBe(true);
  });

  it('leaves 7bit, 8bit and binary alone', () => {
    expect(transferDecoder('8bit')).toBeUndefined();
    expect(transferDecoder(undefined)).toBeUndefined();
  });
});

describe('charsets mail gets wrong', () => {
  it('reads Latin-1 labelled UTF-8 as Latin-1 when not one byte sequence is UTF-8', () => {
    // mail-mime-parser m1010: Netscape labelled German Latin-1 text UTF-8.
    expect(decodeCharset(latin1('Fr\xf6sche \xfcber mi\xdflich'), 'UTF-8')).toBe(
      'Frösche über mißlich',
    );
    // Real UTF-8 with one damaged byte stays UTF-8.
    expect(decodeCharset(Buffer.concat([Buffer.from('Grüße '), latin1('\xff')]), 'utf-8')).toBe(
      'Grüße \ufffd',
    );
  });

  it('reads an unknown charset as undeclared text', () => {
    expect(decodeCharset(latin1('se\xf1or'), 'x-invalid')).toBe('señor');
    expect(decodeCharset(Buffer.from('señor'), 'x-invalid')).toBe('señor');
  });
});
