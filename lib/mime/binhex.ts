/**
 * BinHex 4.0 (application/mac-binhex40): how classic Mac mailers (Eudora among them) sent files.
 * It is a file format, not a MIME transfer encoding, so neither IMAP servers nor MIME parsers
 * undo it. Decoded here to the file's data fork, which is the file anywhere but on a classic Mac
 * (the resource fork is dropped). Anything malformed, or failing a checksum, answers undefined,
 * so the part is then offered as it was sent.
 */
import 'server-only';

const alphabet = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
const sixBits = new Map([...alphabet].map((c, i) => [c.charCodeAt(0), i]));
/** A run-length marker: the byte before it repeats; 0x90 0x00 is a literal 0x90. */
const runMarker = 0x90;

export interface BinHexFile {
  /** The name the Mac gave the file (Mac OS Roman, read as Latin-1). */
  name: string;
  data: Buffer;
}

export function decodeBinHex(encoded: Buffer): BinHexFile | undefined {
  const text = encoded.toString('latin1');
  // The data runs from a colon at the start of a line to the next colon.
  const start = /(?:^|\n)\s*:/.exec(text);
  if (!start) return undefined;
  const from = start.index + start[0].length;
  const end = text.indexOf(':', from);
  if (end === -1) return undefined;
  const packed = sixToEight(text.slice(from, end));
  const bytes = packed && expandRuns(packed);
  return bytes && readFile(bytes);
}

/** Four characters of the alphabet → three bytes; white space between them is line wrapping. */
function sixToEight(chars: string): Buffer | undefined {
  const out = Buffer.alloc(Math.ceil((chars.length * 3) / 4));
  let bits = 0;
  let held = 0;
  let length = 0;
  for (let i = 0; i < chars.length; i++) {
    const code = chars.charCodeAt(i);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) continue;
    const value = sixBits.get(code);
    if (value === undefined) return undefined;
    held = ((held << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (held >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

function expandRuns(packed: Buffer): Buffer | undefined {
  const out: number[] = [];
  for (let i = 0; i < packed.length; i++) {
    const byte = packed[i]!;
    if (byte !== runMarker) {
      out.push(byte);
      continue;
    }
    const count = packed[++i];
    if (count === undefined) break;
    if (count === 0) out.push(runMarker);
    else {
      const previous = out.at(-1);
      if (previous === undefined) return undefined;
      for (let n = 1; n < count; n++) out.push(previous);
    }
  }
  return Buffer.from(out);
}

/**
 * The header (name, type, creator, flags, fork lengths), then the data fork and the resource
 * fork, each followed by its CRC.
 */
function readFile(bytes: Buffer): BinHexFile | undefined {
  const nameLength = bytes[0];
  if (nameLength === undefined || nameLength < 1 || nameLength > 63) return undefined;
  const headerEnd = 1 + nameLength + 1 + 4 + 4 + 2 + 4 + 4;
  if (bytes.length < headerEnd + 2) return undefined;
  if (!crcMatches(bytes, 0, headerEnd)) return undefined;
  const dataLength = bytes.readUInt32BE(headerEnd - 8);
  const dataStart = headerEnd + 2;
  if (bytes.length < dataStart + dataLength + 2) return undefined;
  if (!crcMatches(bytes, dataStart, dataStart + dataLength)) return undefined;
  return {
    name: bytes.subarray(1, 1 + nameLength).toString('latin1'),
    data: Buffer.from(bytes.subarray(dataStart, dataStart + dataLength)),
  };
}

/** The two bytes after `end` are the CRC-16 (XMODEM, as BinHex computes it) of start…end. */
function crcMatches(bytes: Buffer, start: number, end: number): boolean {
  return crc16(bytes.subarray(start, end)) === bytes.readUInt16BE(end);
}

export function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}
