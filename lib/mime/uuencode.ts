/**
 * uuencode as a Content-Transfer-Encoding (`x-uuencode`, `uuencode`, `x-uue`): older mailers
 * (Netscape 4, Eudora, PINE) sent attachments this way, and neither IMAP servers nor imapflow
 * decode it. Lines before `begin` and from `end` on are not data; lines whose trailing spaces a
 * mail system stripped are padded back. A part that never says `begin` is not uuencoded after
 * all and passes through as it is.
 */
import 'server-only';
import { Transform, type TransformCallback } from 'node:stream';

export const uuencodings = new Set(['x-uuencode', 'uuencode', 'x-uue']);

/** Bytes of lines before `begin` kept in case the part turns out not to be uuencoded. */
const maxPreamble = 64 * 1024;

/** One line of uuencoded data → its bytes (the first character says how many). */
export function decodeUuLine(line: string): Buffer {
  const length = (line.charCodeAt(0) - 32) & 63;
  const out = Buffer.alloc(length);
  const sixBits = (i: number) => ((line.charCodeAt(i) || 32) - 32) & 63;
  for (let i = 1, o = 0; o < length; i += 4) {
    const [a, b, c, d] = [sixBits(i), sixBits(i + 1), sixBits(i + 2), sixBits(i + 3)];
    out[o++] = (a << 2) | (b >> 4);
    if (o < length) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (o < length) out[o++] = ((c & 3) << 6) | d;
  }
  return out;
}

type State = 'preamble' | 'data' | 'end' | 'raw';

/** Decodes uuencoded text fed in chunks of any size; each call answers the bytes decoded so far. */
export class UuDecoder {
  private state: State = 'preamble';
  private partial = '';
  private preamble: Buffer[] = [];
  private preambleBytes = 0;

  write(chunk: Buffer): Buffer[] {
    if (this.state === 'raw') return [chunk];
    const lines = (this.partial + chunk.toString('latin1')).split('\n');
    this.partial = lines.pop() ?? '';
    return lines.flatMap((line) => this.line(line));
  }

  end(): Buffer[] {
    const out = this.partial ? this.line(this.partial) : [];
    this.partial = '';
    // Never began: the part was not uuencoded, so it is what it is.
    if (this.state === 'preamble') out.push(...this.preamble);
    return out;
  }

  private line(raw: string): Buffer[] {
    const line = raw.replace(/\r$/, '');
    switch (this.state) {
      case 'preamble': {
        if (/^begin(-base64)? [0-7]{1,4} /.test(line)) {
          this.state = 'data';
          this.preamble = [];
          return [];
        }
        const bytes = Buffer.from(`${raw}\n`, 'latin1');
        this.preamble.push(bytes);
        this.preambleBytes += bytes.length;
        if (this.preambleBytes <= maxPreamble) return [];
        // Too long for a preamble: not uuencoded, so everything passes through from here.
        this.state = 'raw';
        const kept = this.preamble;
        this.preamble = [];
        return kept;
      }
      case 'raw':
        return [Buffer.from(`${raw}\n`, 'latin1')];
      case 'data':
        if (line === 'end') this.state = 'end';
        return line === 'end' || line === '' ? [] : [decodeUuLine(line)];
      case 'end':
        return [];
    }
  }
}

/** The streaming form, for downloads. */
export class UudecodeStream extends Transform {
  private readonly decoder = new UuDecoder();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (const bytes of this.decoder.write(chunk)) this.push(bytes);
    done();
  }

  override _flush(done: TransformCallback): void {
    for (const bytes of this.decoder.end()) this.push(bytes);
    done();
  }
}

/** A whole uuencoded part, or a prefix of one (a line cut off at the end is dropped). */
export function decodeUuencode(encoded: Buffer, complete = false): Buffer {
  const whole = complete ? encoded : encoded.subarray(0, encoded.lastIndexOf(0x0a) + 1);
  const decoder = new UuDecoder();
  return Buffer.concat([...decoder.write(whole), ...decoder.end()]);
}

/** A file a plain-text body carries uuencoded, between `begin 644 name` and `end`. */
export interface EmbeddedFile {
  filename: string;
  content: Buffer;
}

const beginLine = /^begin [0-7]{3,4} (.*\S)\s*$/;
/** A data line: a length character, then characters of the uuencode alphabet only. */
const dataLine = /^[\x20-\x60]*$/;
/** More than this many files in one text is not an attachment list any more. */
const maxEmbeddedFiles = 100;

/**
 * Before MIME (and in Outlook and Eudora long after), attachments were uuencoded into the text
 * itself. Takes each complete block (begin, data lines, end) out of the text as a file; a block
 * that is cut off or holds anything but uuencode stays in the text as it was.
 */
export function extractUuencoded(text: string): { text: string; files: EmbeddedFile[] } {
  if (!/^begin [0-7]{3,4} /m.test(text)) return { text, files: [] };
  const lines = text.split('\n');
  const kept: string[] = [];
  const files: EmbeddedFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const name = beginLine.exec(lines[i]!.replace(/\r$/, ''))?.[1];
    const end = name !== undefined && files.length < maxEmbeddedFiles ? blockEnd(lines, i) : -1;
    if (end === -1) {
      kept.push(lines[i]!);
      continue;
    }
    const data = lines.slice(i + 1, end).map((line) => decodeUuLine(line.replace(/\r$/, '')));
    files.push({ filename: name!, content: Buffer.concat(data) });
    i = end;
  }
  return { text: kept.join('\n'), files };
}

/** The index of the `end` line closing the block begun at `begin`, or -1 when it is not one. */
function blockEnd(lines: string[], begin: number): number {
  for (let i = begin + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === 'end') return i;
    if (!dataLine.test(line)) return -1;
  }
  return -1;
}
