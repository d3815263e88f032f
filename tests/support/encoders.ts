/** Old encodings written the way the mailers that used them wrote them, to test decoding. */

/** A 1×1 PNG. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Base64 in 76-character lines, as a MIME part's body carries it. */
export const base64Lines = (bytes: Buffer) =>
  bytes.toString('base64').replace(/.{76}/g, '$&\r\n').trimEnd();

/** uuencode as `uuencode` would write it, backquotes for zero bits (or spaces, as old mailers). */
export function uuencode(bytes: Buffer, zero = '`', name = 'file.png'): string {
  const char = (n: number) => (n === 0 ? zero : String.fromCharCode(32 + n));
  const lines = [`begin 644 ${name}`];
  for (let at = 0; at < bytes.length; at += 45) {
    const slice = bytes.subarray(at, at + 45);
    let line = char(slice.length);
    for (let i = 0; i < slice.length; i += 3) {
      const [a = 0, b = 0, c = 0] = [slice[i], slice[i + 1], slice[i + 2]];
      line += char(a >> 2) + char(((a & 3) << 4) | (b >> 4)) + char(((b & 15) << 2) | (c >> 6));
      line += char(c & 63);
    }
    lines.push(line);
  }
  return [...lines, zero, 'end', ''].join('\r\n');
}

const binHexAlphabet = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';

/** CRC-16/XMODEM, as BinHex checks its header and forks. */
function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = ((crc << 1) ^ (crc & 0x8000 ? 0x1021 : 0)) & 0xffff;
  }
  return crc;
}

const withCrc = (bytes: Buffer) => {
  const crc = Buffer.alloc(2);
  crc.writeUInt16BE(crc16(bytes));
  return Buffer.concat([bytes, crc]);
};

/** Runs of 3 or more bytes as byte, 0x90, count; a literal 0x90 as 0x90 0x00. */
function compressRuns(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length;) {
    const byte = bytes[i]!;
    let run = 1;
    while (bytes[i + run] === byte && run < 255) run++;
    if (byte === 0x90) {
      out.push(0x90, 0x00);
      run = 1;
    } else if (run >= 3) out.push(byte, 0x90, run);
    else {
      out.push(byte);
      run = 1;
    }
    i += run;
  }
  return Buffer.from(out);
}

/** A BinHex 4.0 file as a Mac mailer sent it: a data fork, an empty resource fork. */
export function binHex(name: string, data: Buffer): string {
  const header = Buffer.alloc(1 + name.length + 1 + 4 + 4 + 2 + 4 + 4);
  header[0] = name.length;
  header.write(name, 1, 'latin1');
  header.write('TEXTttxt', name.length + 2, 'latin1');
  header.writeUInt32BE(data.length, header.length - 8);
  const file = Buffer.concat([withCrc(header), withCrc(data), withCrc(Buffer.alloc(0))]);
  const packed = compressRuns(file);
  let chars = '';
  for (let i = 0; i < packed.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [packed[i], packed[i + 1], packed[i + 2]];
    const group = [a >> 2, ((a & 3) << 4) | (b >> 4), ((b & 15) << 2) | (c >> 6), c & 63];
    const used = Math.ceil((Math.min(3, packed.length - i) * 8) / 6);
    chars += group
      .slice(0, used)
      .map((n) => binHexAlphabet[n])
      .join('');
  }
  const lines = `:${chars}:`.match(/.{1,64}/g)!;
  return ['(This file must be converted with BinHex 4.0)', ...lines, ''].join('\r\n');
}
