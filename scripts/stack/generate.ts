/**
 * Deterministic generator of realistic RFC 5322 messages, used to seed the
 * local Dovecot test mailbox (the Maildir writer lives elsewhere).
 *
 * Design notes:
 * - Everything random comes from one seeded mulberry32 stream, consumed in a
 *   fixed order, so the same options always give the same bytes.
 * - Output is pure 7-bit ASCII: non-ASCII text travels as quoted-printable or
 *   base64 bodies and RFC 2047 encoded-words, as real mail mostly does.
 * - Speed matters (100k messages for a big mailbox), so attachment payloads
 *   and their base64 are built once, templates are pre-compiled, and the
 *   message is assembled from string pieces and converted to a Buffer once.
 */
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import iconv from 'iconv-lite';

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

export interface GeneratedMessage {
  /** The full message, CRLF line endings, 7-bit clean. */
  raw: Buffer;
  /** The instant written in the Date header. */
  date: Date;
  /** Maildir info flags, sorted ASCII (subset of "DFRS"). */
  flags: string;
}

export interface GenerateOptions {
  count: number;
  /** The mailbox owner's address; in To (or in From for Sent and Drafts). */
  recipient: string;
  /** "INBOX" by default; "Sent" and "Drafts" make the owner the author. */
  folder?: string;
  seed?: number;
  /** Newest possible date; messages spread over the five years before it. */
  end?: Date;
}

/** Yields `count` messages, oldest first (the writer relies on UID order = date order). */
export function generateMessages(options: GenerateOptions): Generator<GeneratedMessage> {
  // Validate eagerly: a generator body would only run on the first next().
  const run = createRun(options);
  return emitMessages(run);
}

function* emitMessages(run: Run): Generator<GeneratedMessage> {
  for (let index = 0; index < run.count; index++) {
    yield composeMessage(run, index);
  }
}

// ---------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------

const CRLF = '\r\n';
const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const DEFAULT_END_MS = Date.UTC(2026, 10, 1, 12, 0, 0);
const SPAN_MS = Math.round(5 * 365.2425 * DAY_MS);
const RECENT_MS = 30 * DAY_MS;
const DEFAULT_SEED = 1;
/** Folded header lines stay within RFC 5322's recommended 78 characters. */
const HEADER_WIDTH = 78;
/** Plain-text bodies wrap like a typical mail client. */
const TEXT_WIDTH = 72;
/** Encoded-words are capped so a word plus folding whitespace fits in 78. */
const MAX_ENCODED_WORD = 66;
/** Threads idle longer than this are finished (stretched for sparse mailboxes, see createRun). */
const THREAD_IDLE_MS = 21 * DAY_MS;
/** ...but a thread always survives this many average gaps between messages. */
const THREAD_IDLE_GAPS = 30;
const MAX_OPEN_THREADS = 24;
/** Chance that a message continues an open thread (a bit over 1/3, as the pool is sometimes empty). */
const REPLY_PROBABILITY = 0.34;

type Rng = () => number;

/** mulberry32: tiny and fast; good enough for test data and fully reproducible. */
function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

/** Favors the start of the list, so a few correspondents write far more often than the rest. */
function pickFrequent<T>(rng: Rng, items: readonly T[]): T {
  const r = rng();
  const item = items[Math.floor(r * r * items.length)];
  if (item === undefined) throw new Error('pickFrequent() needs a non-empty list');
  return item;
}

function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

interface Weighted<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  return { values, cumulative, total };
}

function pickWeighted<T>(rng: Rng, table: Weighted<T>): T {
  const r = rng() * table.total;
  for (let i = 0; i < table.cumulative.length; i++) {
    if (r < (table.cumulative[i] ?? 0)) return table.values[i] as T;
  }
  return table.values[table.values.length - 1] as T;
}

/** FNV-1a, to derive a short per-run tag from the seed and folder. */
function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

function isAscii(text: string): boolean {
  return ASCII_ONLY.test(text);
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function randomHex(rng: Rng, digits: number): string {
  let out = '';
  while (out.length < digits)
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
}

// ---------------------------------------------------------------------------
// Transfer encodings (quoted-printable, base64, RFC 2047, header folding)
// ---------------------------------------------------------------------------

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
function encodeQuotedPrintable(input: Uint8Array): string {
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
function base64Lines(data: Uint8Array): string {
  const encoded = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  if (encoded.length <= 76) return encoded;
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  return lines.join(CRLF);
}

type LegacyCharset = 'ISO-8859-1' | 'Shift_JIS' | 'windows-1251' | 'GB18030';
type Charset = 'UTF-8' | LegacyCharset;

function encodeCharset(text: string, charset: Charset): Buffer {
  return charset === 'UTF-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, charset);
}

/**
 * RFC 2047 encoded-words for a phrase or unstructured text. Latin-ish text
 * uses Q (readable, like most clients); other scripts and emoji use B.
 * Words never split a character, as the RFC requires.
 */
function encodeWords(text: string, charset: Charset): string[] {
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
function rfc2231Value(text: string): string {
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
function fold(line: string): string {
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

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** RFC 5322 date-time in the given zone; it denotes exactly the instant `ms`. */
function formatDate(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const zone = `${sign}${pad2(Math.floor(absolute / 60))}${pad2(absolute % 60)}`;
  return (
    `${DAY_NAMES[local.getUTCDay()] ?? 'Mon'}, ${local.getUTCDate()} ${MONTH_NAMES[local.getUTCMonth()] ?? 'Jan'} ` +
    `${local.getUTCFullYear()} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())} ${zone}`
  );
}

// ---------------------------------------------------------------------------
// Attachment fixtures: built once per process, shared by every message
// ---------------------------------------------------------------------------

type AttachmentKind = 'pdf' | 'png' | 'csv' | 'txt' | 'ics' | 'zip';

interface Attachment {
  /** Complete part headers, without the blank line. */
  readonly head: string;
  /** Base64 payload, wrapped. */
  readonly body: string;
}

interface Fixtures {
  readonly attachments: Readonly<Record<AttachmentKind, readonly Attachment[]>>;
  /** Base64 of the PNG used for inline cid: images. */
  readonly inlineLogo: string;
  readonly inlinePhoto: string;
}

let fixtureCache: Fixtures | undefined;

function fixtures(): Fixtures {
  fixtureCache ??= buildFixtures();
  return fixtureCache;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Rgb = readonly [number, number, number];

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A valid truecolor PNG (filter 0 on every row, zlib-deflated IDAT, CRCs). */
function encodePng(width: number, height: number, paint: (x: number, y: number) => Rgb): Buffer {
  const stride = width * 3 + 1;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      const offset = y * stride + 1 + x * 3;
      pixels[offset] = r;
      pixels[offset + 1] = g;
      pixels[offset + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolor
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function paintLogo(x: number, y: number): Rgb {
  const dx = x - 15.5;
  const dy = y - 15.5;
  if (dx * dx + dy * dy > 15 * 15) return [255, 255, 255];
  // A white "wing" chevron on a teal disc, the Tern mark.
  const wing = Math.abs(Math.abs(dx) - (y - 8)) < 2 && y > 8 && y < 22;
  return wing ? [255, 255, 255] : [13, 128, 128];
}

function paintChart(x: number, y: number): Rgb {
  if (x === 6 || y === 57) return [60, 60, 60];
  const bars = [20, 34, 27, 45, 39, 50];
  const slot = Math.floor((x - 10) / 14);
  const height = bars[slot];
  if (x >= 10 && height !== undefined && (x - 10) % 14 < 10 && y < 57 && y >= 57 - height) {
    return slot % 2 === 0 ? [52, 120, 200] : [240, 140, 40];
  }
  return [255, 255, 255];
}

function paintPhoto(x: number, y: number): Rgb {
  const sunX = x - 46;
  const sunY = y - 12;
  if (sunX * sunX + sunY * sunY < 36) return [255, 220, 90];
  if (y < 28) return [110 + y * 3, 170 + y * 2, 235];
  return [20, 90 + ((x * 7 + y * 13) % 20), 140 + ((x + y) % 25)];
}

function paintScreenshot(x: number, y: number): Rgb {
  if (y < 6) return x > 70 ? [230, 80, 80] : [200, 200, 205];
  if (x < 18) return [45, 52, 64];
  if (y % 9 < 3 && x > 22 && x < 22 + ((y * 17) % 50)) return [120, 120, 130];
  return [248, 248, 250];
}

function pdfString(text: string): string {
  return `(${text.replaceAll('\\', '\\\\').replaceAll('(', '\\(').replaceAll(')', '\\)')})`;
}

/** A minimal one-page PDF with a correct xref table (opens in any viewer). */
function buildPdf(title: string, lines: readonly string[]): Buffer {
  const commands = [
    'BT',
    '/F1 18 Tf',
    '72 740 Td',
    `${pdfString(title)} Tj`,
    '/F1 11 Tf',
    '0 -30 Td',
  ];
  for (const line of lines) commands.push(`${pdfString(line)} Tj`, '0 -16 Td');
  commands.push('ET');
  const stream = commands.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    `<< /Title ${pdfString(title)} /Producer (Tern test data) >>`,
  ];
  // The second line holds high bytes so tools treat the file as binary.
  let pdf = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length); // latin1: one character per byte
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefOffset = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A valid deflated ZIP archive (local headers, central directory, end record). */
function buildZip(entries: readonly (readonly [string, Buffer])[]): Buffer {
  const dosTime = (10 << 11) | (30 << 5); // 10:30:00
  const dosDate = ((2026 - 1980) << 9) | (1 << 5) | 15; // 2026-01-15
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data);
    const checksum = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(checksum, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, compressed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function buildIcs(
  uid: string,
  summary: string,
  start: string,
  end: string,
  location: string,
): Buffer {
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Tern//Test Data//EN',
    'VERSION:2.0',
    'METHOD:REQUEST',
    'BEGIN:VEVENT',
    `UID:${uid}@tern.test`,
    'DTSTAMP:20260105T090000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    `SUMMARY:${summary}`,
    `LOCATION:${location}`,
    'ORGANIZER;CN=Avery Example:mailto:avery@example.com',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return Buffer.from(lines.join(CRLF) + CRLF, 'utf8');
}

function textFile(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join(CRLF) + CRLF, 'utf8');
}

/** Part headers for an attachment; non-ASCII names use RFC 2231 plus the common encoded-word fallback. */
function attachmentHead(filename: string, contentType: string): string {
  if (isAscii(filename)) {
    return [
      `Content-Type: ${contentType}; name="${filename}"`,
      `Content-Disposition: attachment; filename="${filename}"`,
      'Content-Transfer-Encoding: base64',
    ].join(CRLF);
  }
  return [
    `Content-Type: ${contentType};${CRLF} name="${encodeWords(filename, 'UTF-8').join(' ')}"`,
    `Content-Disposition: attachment;${CRLF} filename*=${rfc2231Value(filename)}`,
    'Content-Transfer-Encoding: base64',
  ].join(CRLF);
}

function attachment(filename: string, contentType: string, data: Buffer): Attachment {
  return { head: attachmentHead(filename, contentType), body: base64Lines(data) };
}

function buildFixtures(): Fixtures {
  const logo = encodePng(32, 32, paintLogo);
  const chart = encodePng(96, 64, paintChart);
  const photo = encodePng(64, 48, paintPhoto);
  const screenshot = encodePng(80, 50, paintScreenshot);
  const csvExpenses = textFile([
    'date,description,category,amount',
    '2026-01-04,Train tickets,Travel,86.40',
    '2026-01-09,Team lunch,Meals,132.15',
    '2026-01-17,Conference pass,Training,499.00',
    '2026-01-23,Taxi to airport,Travel,41.80',
  ]);
  const csvSignups = textFile([
    'week,signups,activated',
    '1,412,301',
    '2,388,290',
    '3,455,342',
    '4,501,377',
  ]);
  const csvSummary = textFile([
    'Bereich;Anzahl;Änderung',
    'Süd;128;+4 %',
    'Nord;97;−2 %',
    'Zürich;51;+11 %',
  ]);
  const notes = textFile([
    'Notes',
    '=====',
    '',
    '- Confirm venue by Friday',
    '- Send the draft agenda to everyone',
    '- Café downstairs opens at 8:00',
  ]);
  const releaseNotes = textFile([
    'Release notes 2.4.0',
    '',
    '* Faster search across large folders',
    '* Fixed a crash when opening empty drafts',
    '* Updated translations (français, 日本語, русский)',
  ]);
  const attachments: Record<AttachmentKind, Attachment[]> = {
    pdf: [
      attachment(
        'invoice.pdf',
        'application/pdf',
        buildPdf('Invoice INV-20417', [
          'Example Cloud Ltd, 1 Example Street',
          'Cloud hosting (monthly)      USD 120.00',
          'Support plan                 USD  49.00',
          'Total due                    USD 169.00',
        ]),
      ),
      attachment(
        'Rechnung März.pdf',
        'application/pdf',
        buildPdf('Rechnung Nr. 2026-031', [
          'Beratung, 10 Stunden',
          'Summe: 1.250,00 EUR',
          'Zahlbar binnen 14 Tagen',
        ]),
      ),
      attachment(
        'agenda.pdf',
        'application/pdf',
        buildPdf('Agenda: quarterly planning', [
          '1. Review last quarter',
          '2. Roadmap',
          '3. Hiring',
          '4. AOB',
        ]),
      ),
      attachment(
        'Q3 report.pdf',
        'application/pdf',
        buildPdf('Q3 report', ['Revenue up 12%', 'Churn down to 2.1%', 'Two new regions launched']),
      ),
      attachment(
        'boarding-pass.pdf',
        'application/pdf',
        buildPdf('Boarding pass', ['Flight EX 482', 'Seat 14C, Gate B7', 'Boarding 09:35']),
      ),
    ],
    png: [
      attachment('chart.png', 'image/png', chart),
      attachment('IMG_2041.png', 'image/png', photo),
      attachment('screenshot.png', 'image/png', screenshot),
    ],
    csv: [
      attachment('expenses.csv', 'text/csv; charset=utf-8', csvExpenses),
      attachment('sign-ups by week.csv', 'text/csv; charset=utf-8', csvSignups),
      attachment('Übersicht.csv', 'text/csv; charset=utf-8', csvSummary),
    ],
    txt: [
      attachment('notes.txt', 'text/plain; charset=utf-8', notes),
      attachment('release-notes.txt', 'text/plain; charset=utf-8', releaseNotes),
    ],
    ics: [
      attachment(
        'invite.ics',
        'text/calendar; charset=utf-8; method=REQUEST',
        buildIcs(
          'planning-2026',
          'Quarterly planning',
          '20260112T140000Z',
          '20260112T150000Z',
          'Room 3.14',
        ),
      ),
      attachment(
        'meeting.ics',
        'text/calendar; charset=utf-8; method=REQUEST',
        buildIcs(
          'retro-2026',
          'Sprint retrospective',
          '20260220T100000Z',
          '20260220T110000Z',
          'Video call',
        ),
      ),
    ],
    zip: [
      attachment(
        'photos.zip',
        'application/zip',
        buildZip([
          ['beach.png', photo],
          ['logo.png', logo],
        ]),
      ),
      attachment(
        'project-files.zip',
        'application/zip',
        buildZip([
          ['README.txt', releaseNotes],
          ['data/signups.csv', csvSignups],
        ]),
      ),
    ],
  };
  return {
    attachments,
    inlineLogo: base64Lines(logo),
    inlinePhoto: base64Lines(photo),
  };
}

// ---------------------------------------------------------------------------
// Vocabulary: names, templates and languages
// ---------------------------------------------------------------------------

const FIRST_NAMES = [
  'James',
  'Mary',
  'Robert',
  'Patricia',
  'John',
  'Jennifer',
  'Michael',
  'Linda',
  'David',
  'Elizabeth',
  'William',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Priya',
  'Aditya',
  'Wei',
  'Mei',
  'Hiroshi',
  'Yuki',
  'Olga',
  'Dmitri',
  'Fatima',
  'Omar',
  'Ngozi',
  'Kwame',
  'Siobhán',
  'Zoë',
  'Chloé',
  'José',
  'Renée',
  'Björn',
  'Søren',
  'Łukasz',
  'Ana',
  'Lucas',
  'Sofía',
  'Mateo',
  'Amélie',
  'Jürgen',
  'Inès',
  'Noah',
  'Emma',
  'Liam',
  'Ava',
  'Ethan',
  'Mia',
  'Aisha',
  'Ravi',
  'Elif',
  'Ingrid',
  'Tomás',
] as const;

const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Clark',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Nguyen',
  'Patel',
  'Kim',
  'Chen',
  'Singh',
  'Okafor',
  "O'Brien",
  'Müller',
  'Schäfer',
  'Lefèvre',
  'Núñez',
  'Åström',
  'Kowalski',
  'Dubois',
  'Rossi',
  'Haddad',
  'Yılmaz',
  'Novak',
  'Ivanova',
  'Sato',
  'Fischer',
] as const;

const PEOPLE_DOMAINS = weighted([
  ['example.com', 30],
  ['example.org', 20],
  ['example.net', 15],
  ['mail.example.net', 15],
  ['corp.example.com', 10],
  ['staff.example.org', 5],
  ['tern.test', 5],
] as const);

/** Offsets in minutes east of UTC; each sender keeps one. */
const TIME_ZONES = weighted([
  [0, 10],
  [60, 18],
  [120, 10],
  [-300, 16],
  [-240, 8],
  [-420, 5],
  [-480, 9],
  [330, 6],
  [480, 6],
  [540, 6],
  [600, 3],
  [-180, 3],
] as const);

/** Relative activity by hour of the owner's day, so mail clusters in working hours. */
const HOUR_WEIGHT = [
  0.08, 0.05, 0.04, 0.04, 0.05, 0.1, 0.25, 0.55, 0.85, 1, 1, 0.95, 0.8, 0.9, 1, 1, 0.95, 0.85, 0.65,
  0.5, 0.45, 0.4, 0.3, 0.15,
] as const;

const PROJECTS = [
  'Atlas',
  'Borealis',
  'Cormorant',
  'Delta',
  'Ember',
  'Falcon',
  'Gannet',
  'Harbor',
  'Ibis',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Osprey',
  'Petrel',
  'Quartz',
  'Riverbend',
  'Sandpiper',
  'Tidewater',
] as const;
const TOPICS = [
  'budget',
  'roadmap',
  'onboarding',
  'release',
  'migration',
  'design review',
  'hiring plan',
  'Q3 targets',
  'security audit',
  'launch checklist',
  'retrospective',
  'vendor contract',
  'API changes',
  'support backlog',
  'offsite',
  'pricing page',
  'data retention',
  'accessibility review',
] as const;
const COMPANIES = [
  'Example Cloud',
  'Example Analytics',
  'Example Books',
  'Example Air',
  'Example Energy',
  'Example Bank',
  'Globex Example',
  'Example Labs',
] as const;
const CITIES = [
  'Lisbon',
  'Kyoto',
  'Reykjavík',
  'Montréal',
  'São Paulo',
  'Zürich',
  'Oslo',
  'Nairobi',
  'Vancouver',
  'Melbourne',
  'Edinburgh',
  'Seville',
] as const;
const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const TIMES = ['9:00', '9:30', '10:00', '11:15', '13:00', '14:00', '15:30', '16:30'] as const;
const EMOJI = ['🎉', '👍', '✅', '🚀', '☕', '🌞', '📅', '🙂', '❤️', '🌱'] as const;
const DISHES = [
  'shakshuka',
  'ramen',
  'crème brûlée',
  'paella',
  'banana bread',
  'pho',
  'gnocchi',
] as const;
const BOOKS = [
  'Middlemarch',
  'The Left Hand of Darkness',
  'Piranesi',
  'Dune',
  'Station Eleven',
] as const;
const BROWSERS = ['Firefox', 'Chrome', 'Safari', 'Edge'] as const;
const SYSTEMS = ['Windows', 'macOS', 'Linux', 'iOS', 'Android'] as const;
const LINE_ITEMS = [
  'Consulting hours',
  'Cloud hosting (monthly)',
  'Support plan',
  'Domain renewal',
  'Design work',
  'Office supplies',
  'Training session',
  'Storage add-on',
] as const;
const CURRENCIES = ['$', '€', '£'] as const;
const JOB_TITLES = [
  'Product Manager',
  'Senior Engineer',
  'Designer',
  'Operations Lead',
  'Account Executive',
  'Data Analyst',
] as const;

/** Per-message picks shared by every template, so one message talks about one project. */
interface Scene {
  project: string;
  topic: string;
  company: string;
  city: string;
  weekday: string;
  month: string;
  time: string;
  number: string;
  headline: string;
  /** Name used to greet the reader. */
  reader: string;
  /** Name the author signs with. */
  author: string;
}

type SlotFill = (scene: Scene, rng: Rng) => string;
type Template = readonly (string | SlotFill)[];

const SLOTS: Readonly<Record<string, SlotFill>> = {
  project: (scene) => scene.project,
  topic: (scene) => scene.topic,
  company: (scene) => scene.company,
  city: (scene) => scene.city,
  weekday: (scene) => scene.weekday,
  month: (scene) => scene.month,
  time: (scene) => scene.time,
  n: (scene) => scene.number,
  headline: (scene) => scene.headline,
  name: (scene) => scene.reader,
  me: (scene) => scene.author,
  emoji: (_scene, rng) => pick(rng, EMOJI),
  dish: (_scene, rng) => pick(rng, DISHES),
  book: (_scene, rng) => pick(rng, BOOKS),
  browser: (_scene, rng) => pick(rng, BROWSERS),
  os: (_scene, rng) => pick(rng, SYSTEMS),
  count: (_scene, rng) => String(between(rng, 2, 14)),
  percent: (_scene, rng) => `${between(rng, 5, 95)}%`,
  version: (_scene, rng) => `${between(rng, 1, 4)}.${between(rng, 0, 12)}.${between(rng, 0, 9)}`,
};

/** Templates are parsed once at load so filling one is a plain loop. */
function compile(template: string): Template {
  const pieces: (string | SlotFill)[] = [];
  let index = 0;
  for (;;) {
    const open = template.indexOf('{', index);
    if (open < 0) break;
    const close = template.indexOf('}', open);
    const slot = SLOTS[template.slice(open + 1, close)];
    if (close < 0 || slot === undefined) throw new Error(`Bad template: ${template}`);
    if (open > index) pieces.push(template.slice(index, open));
    pieces.push(slot);
    index = close + 1;
  }
  if (index < template.length) pieces.push(template.slice(index));
  return pieces;
}

function compileAll(templates: readonly string[]): readonly Template[] {
  return templates.map(compile);
}

function fill(template: Template, scene: Scene, rng: Rng): string {
  let out = '';
  for (const piece of template) out += typeof piece === 'string' ? piece : piece(scene, rng);
  return out;
}

function fillRandom(templates: readonly Template[], scene: Scene, rng: Rng): string {
  return fill(pick(rng, templates), scene, rng);
}

/** Like fillRandom, but avoids repeating a template already used in this message. */
function fillFresh(
  templates: readonly Template[],
  scene: Scene,
  rng: Rng,
  used: Set<Template>,
): string {
  let template = pick(rng, templates);
  for (let retry = 0; retry < 4 && used.has(template); retry++) template = pick(rng, templates);
  used.add(template);
  return fill(template, scene, rng);
}

type Category =
  'personal' | 'meeting' | 'project' | 'newsletter' | 'invoice' | 'notification' | 'travel';
type ServiceCategory = 'newsletter' | 'invoice' | 'notification' | 'travel';

interface CategorySpec {
  readonly subjects: readonly Template[];
  readonly sentences: readonly Template[];
  readonly bullets: readonly Template[];
  /** Chance that a new message of this kind starts a conversation. */
  readonly threadStart: number;
  readonly attachments: readonly AttachmentKind[];
}

const CATEGORIES: Readonly<Record<Category, CategorySpec>> = {
  personal: {
    subjects: compileAll([
      'Dinner on {weekday}?',
      'Photos from the weekend',
      'Happy birthday! {emoji}',
      'Quick question',
      'Are you free {weekday}?',
      'That book I mentioned',
      'Hiking trip to {city}',
      'Recipe: {dish}',
      'Catching up',
      'Congrats on the new job!',
      'Weekend plans {emoji}',
      'Café on {weekday}?',
      'Trip to {city} in {month}',
    ]),
    sentences: compileAll([
      'It was great to see you last {weekday}.',
      'Are you around this weekend?',
      'I finally tried making {dish} and it turned out great.',
      'We are thinking about a trip to {city} in {month}.',
      'Let me know what works for you.',
      'The kids keep asking when you will visit again.',
      'I just finished reading {book} and loved it.',
      'No rush at all, whenever you have time.',
      'Say hi to everyone for me {emoji}',
      'The weather here has been lovely lately.',
      'I owe you a coffee ☕ for the help last week.',
      'Did you ever hear back about the apartment?',
      'We should plan something before the end of {month}.',
      'Hope you are doing well.',
      'Sorry for the slow reply, it has been a busy week.',
    ]),
    bullets: compileAll([
      'Bring a jacket',
      'Train leaves at {time}',
      'Dinner at the usual place',
      'Tickets are booked',
    ]),
    threadStart: 0.35,
    attachments: ['png', 'png', 'txt', 'zip', 'pdf'],
  },
  meeting: {
    subjects: compileAll([
      'Meeting notes: {topic}',
      '{project} sync — {weekday}',
      "Agenda for {weekday}'s {topic} meeting",
      'Rescheduling our {topic} call',
      'Notes from the {topic} workshop',
      'Invitation: {topic} review @ {weekday} {time}',
      "Follow-up from today's meeting",
      'Can we move the {topic} meeting?',
    ]),
    sentences: compileAll([
      "Thanks everyone for joining today's call.",
      'Here are the notes from our discussion about {topic}.',
      'We agreed to revisit the {topic} plan next {weekday}.',
      '{count} people confirmed for the workshop so far.',
      'The meeting room on the third floor is booked from {time}.',
      'Please add any missing items to the shared agenda.',
      'Action items are listed below; shout if I missed anything.',
      'We ran out of time before discussing the {project} timeline.',
      'The dial-in link is the same as last week.',
      'Can we keep the next session to thirty minutes?',
      'Decision: we go ahead with option B for {topic}.',
      "Let's aim to wrap this up before the end of {month}.",
      'Let me know if you have any questions.',
    ]),
    bullets: compileAll([
      '{me} to draft the {topic} proposal',
      'Review the {project} budget by {weekday}',
      'Share the slides with the wider team',
      'Book a room for the follow-up',
      'Collect feedback from {company}',
      'Update the {topic} tracker',
    ]),
    threadStart: 0.35,
    attachments: ['ics', 'ics', 'pdf', 'txt'],
  },
  project: {
    subjects: compileAll([
      '{project} status update',
      '{project}: {topic} progress',
      'Weekly update — {project}',
      'Blocked on {topic}',
      'Draft proposal for {topic}',
      '[{project}] release {version} is out',
      'Numbers for {month}',
      '{project} retro notes',
      'Question about the {topic} estimate',
    ]),
    sentences: compileAll([
      'The {project} team shipped the {topic} changes this week.',
      'We are about {percent} done with the migration.',
      'Two issues are still open and both are waiting on {company}.',
      'Build times dropped noticeably after the cache change.',
      'I updated the roadmap to reflect the new {month} deadline.',
      'The staging environment is green again.',
      'We need a decision on {topic} before we can continue.',
      'Test coverage for the {project} API is now at {percent}.',
      'I have attached the latest numbers for review.',
      'Next milestone: feature freeze on {weekday}.',
      'Customer feedback on the beta has been positive so far.',
      'We pushed the {topic} work to next sprint to reduce risk.',
      'Happy to jump on a call if that is easier.',
      'I will follow up once I hear back.',
    ]),
    bullets: compileAll([
      'Done: {topic} cleanup',
      'In progress: {project} dashboard',
      'Blocked: waiting on {company} for API keys',
      'Next: load testing in staging',
      'Done: fixed {count} flaky tests',
      'In progress: docs for {topic}',
    ]),
    threadStart: 0.35,
    attachments: ['csv', 'png', 'zip', 'pdf', 'txt'],
  },
  newsletter: {
    subjects: compileAll([
      '{company}: {headline}',
      'This week in {topic}',
      '{month} newsletter — {headline}',
      'Your {month} digest',
      '{headline}',
      '🚀 {headline}',
      'Last chance: {percent} off until {weekday}',
    ]),
    sentences: compileAll([
      "Welcome to this week's edition of the {company} newsletter.",
      'Here is what happened in {topic} over the past week.',
      'Thanks for being a subscriber — we have a packed issue for you.',
      'Grab a coffee ☕ and catch up on the latest news.',
    ]),
    bullets: compileAll([
      'A short read on how teams approach {topic} in practice.',
      'We interviewed {count} customers about their {topic} workflow.',
      'Everything you need to know before the {month} release.',
      'Our engineers share lessons learned from running {project}.',
      'Tips, tricks and a few surprises from the community.',
    ]),
    threadStart: 0,
    attachments: ['pdf'],
  },
  invoice: {
    subjects: compileAll([
      'Invoice INV-{n} from {company}',
      'Your receipt from {company}',
      'Payment reminder: invoice {n}',
      '{company} statement for {month}',
      'Order #{n} confirmed',
      'Your subscription renews on {weekday}',
    ]),
    sentences: compileAll([
      'Thank you for your business.',
      'Your invoice for {month} is attached as a PDF.',
      'Payment is due within 30 days of the invoice date.',
      'If you have already paid, please disregard this reminder.',
      'You can view your billing history at any time in your account.',
      'Questions about this invoice? Just reply to this email.',
    ]),
    bullets: [],
    threadStart: 0.05,
    attachments: ['pdf', 'pdf', 'csv'],
  },
  notification: {
    subjects: compileAll([
      'Password changed',
      'New sign-in from {browser} on {os}',
      '[{project}] Pull request #{n}: {topic}',
      'Reminder: {topic} due {weekday}',
      'Your export is ready',
      '[{project}] Build #{n} failed',
      'Security alert for your account',
      'Someone mentioned you in {project}',
    ]),
    sentences: compileAll([
      'We noticed a new sign-in to your account from {browser} on {os}.',
      'If this was you, there is nothing else to do.',
      'If you did not make this change, please reset your password right away.',
      'Your data export finished and is ready to download.',
      'The build failed on the main branch after {count} steps.',
      'This is an automated message; replies are not monitored.',
      'You are receiving this because you watch {project}.',
    ]),
    bullets: [],
    threadStart: 0,
    attachments: ['pdf', 'txt'],
  },
  travel: {
    subjects: compileAll([
      'Your flight to {city} is confirmed',
      'Booking confirmation #{n}',
      'Itinerary for {city}',
      'Check-in is now open for your trip to {city}',
      'Hotel reservation in {city}',
    ]),
    sentences: compileAll([
      'Thanks for booking with {company}.',
      'Your trip to {city} is confirmed.',
      'Check-in opens 24 hours before departure.',
      'Please arrive at the airport at least two hours early.',
      'You can manage your booking online at any time.',
      'Your e-ticket is attached to this email.',
    ]),
    bullets: [],
    threadStart: 0.05,
    attachments: ['pdf', 'ics'],
  },
};

const HEADLINES = compileAll([
  'Five tips for faster builds',
  "What's new in the {project} API",
  'Spring sale ends {weekday}',
  'Meet the team behind {project}',
  'Our year in review',
  'A security update you should know about',
  'The state of remote work',
  'How we cut costs by {percent}',
  'Community spotlight: {city}',
  'Ten books for your summer list',
]);
const GREETINGS = compileAll([
  'Hi {name},',
  'Hello {name},',
  'Hey {name}!',
  'Dear {name},',
  '{name},',
  'Hi all,',
]);
const SERVICE_GREETINGS = compileAll(['Hello,', 'Hi {name},', 'Dear customer,', 'Hello {name},']);
const NEWSLETTER_GREETINGS = compileAll(['Hi {name},', 'Hello {name}!', 'Hi there,']);
const SIGN_OFFS = [
  'Thanks,',
  'Best,',
  'Cheers,',
  'Best regards,',
  'Kind regards,',
  'Talk soon,',
  'Thanks!',
] as const;
const SHORT_REPLIES = compileAll([
  'Sounds good, thanks!',
  'Works for me 👍',
  "Thanks, I'll take a look.",
  'Great, see you then.',
  'Perfect — thank you!',
  'Got it.',
  'Can we push this to {weekday}?',
  'Yes, {time} works.',
]);

type ForeignLang = 'fr' | 'de' | 'ja' | 'ru' | 'zh';
type LangCode = 'en' | ForeignLang;

interface LangPack {
  readonly charset: LegacyCharset;
  /** CJK text does not break at spaces; each sentence becomes its own line. */
  readonly cjk: boolean;
  /** Whether bodies go base64 (dense scripts) rather than quoted-printable. */
  readonly base64: boolean;
  readonly subjects: readonly string[];
  readonly greetings: readonly Template[];
  readonly sentences: readonly string[];
  readonly signOffs: readonly string[];
  /** Reply attribution, with {date} and {who}. */
  readonly wrote: string;
  /** [display name, mailbox local part, name used to greet them] */
  readonly people: readonly (readonly [string, string, string])[];
  readonly timeZone: number;
}

const LANG_PACKS: Readonly<Record<ForeignLang, LangPack>> = {
  fr: {
    charset: 'ISO-8859-1',
    cjk: false,
    base64: false,
    subjects: [
      'Compte rendu de la réunion',
      'Réservation pour vendredi',
      'Facture du mois de février',
      "Nouvelles de l'équipe",
      'Question rapide à propos du séminaire',
      "Vacances d'été à Évian",
      'Dîner chez nous samedi ?',
      'Mise à jour du projet',
    ],
    greetings: compileAll(['Bonjour {name},', 'Salut {name} !', 'Chère équipe,']),
    sentences: [
      'Voici le compte rendu de la réunion de jeudi.',
      'Merci de vérifier les éléments avant vendredi.',
      "Le café est prêt à l'étage, comme d'habitude.",
      "J'ai ajouté les remarques de François dans le document.",
      "Nous avons déjà réservé la salle pour l'après-midi.",
      "Pourriez-vous confirmer votre présence d'ici mercredi ?",
      'Les résultats du trimestre sont très encourageants.',
      "Il faudra prévoir un budget supplémentaire pour l'été.",
      'Je reste à votre disposition pour toute question.',
      "La réunion est décalée à 14 h à cause d'un imprévu.",
    ],
    signOffs: ['Bien à vous,', 'Cordialement,', 'À bientôt,', 'Bonne journée,'],
    wrote: 'Le {date}, {who} a écrit :',
    people: [
      ['François Lefèvre', 'francois.lefevre', 'François'],
      ['Amélie Durand', 'amelie.durand', 'Amélie'],
      ['Hélène Mercier', 'helene.mercier', 'Hélène'],
      ['Jérôme Girard', 'jerome.girard', 'Jérôme'],
      ['Céline Faure', 'celine.faure', 'Céline'],
      ['Benoît Roussel', 'benoit.roussel', 'Benoît'],
    ],
    timeZone: 60,
  },
  de: {
    charset: 'ISO-8859-1',
    cjk: false,
    base64: false,
    subjects: [
      'Besprechungsprotokoll für Donnerstag',
      'Übersicht für nächste Woche',
      'Grüße aus München',
      'Änderungen am Vertrag',
      'Rückfrage zur Rechnung',
      'Termin für die Schulung',
      'Schöne Feiertage!',
      'Prüfung der Unterlagen',
    ],
    greetings: compileAll(['Hallo {name},', 'Guten Tag {name},', 'Moin {name},']),
    sentences: [
      'Die Übersicht für nächste Woche ist fertig.',
      'Bitte prüfen Sie die Änderungen bis Freitag.',
      'Anbei finden Sie das Protokoll unserer Besprechung.',
      'Wir treffen uns um 10 Uhr im großen Saal.',
      'Die Straßenbahn fährt leider nur stündlich.',
      'Könnten Sie mir kurz Bescheid geben, ob das passt?',
      'Für Rückfragen stehe ich gern zur Verfügung.',
      'Das Budget für das nächste Quartal ist genehmigt.',
      'Über die Details sprechen wir am Dienstag.',
      'Vielen Dank für die schnelle Rückmeldung!',
    ],
    signOffs: ['Viele Grüße,', 'Mit freundlichen Grüßen,', 'Schöne Grüße,', 'Beste Grüße,'],
    wrote: 'Am {date} schrieb {who}:',
    people: [
      ['Jürgen Müller', 'juergen.mueller', 'Jürgen'],
      ['Käthe Schäfer', 'kaethe.schaefer', 'Käthe'],
      ['Jörg Weiß', 'joerg.weiss', 'Jörg'],
      ['Sören Köhler', 'soeren.koehler', 'Sören'],
      ['Anna Groß', 'anna.gross', 'Anna'],
      ['Lukas Bäcker', 'lukas.baecker', 'Lukas'],
    ],
    timeZone: 120,
  },
  ja: {
    charset: 'Shift_JIS',
    cjk: true,
    base64: true,
    subjects: [
      '会議の議事録',
      '来週の予定について',
      '請求書の送付',
      'プロジェクト進捗報告',
      '資料のご確認のお願い',
      '打ち合わせ日程の調整',
      '新年のご挨拶',
      '出張の件',
    ],
    greetings: compileAll(['{name}様', '{name}さん', 'お疲れ様です。']),
    sentences: [
      'お疲れ様です。',
      '来週の会議の資料を送付します。',
      'ご確認のほど、よろしくお願いいたします。',
      'プロジェクトの進捗について報告します。',
      '東京は今日も晴れです。',
      '打ち合わせは木曜日の午後三時からです。',
      '修正版を共有フォルダに置きました。',
      'ご不明な点がありましたら、お気軽にご連絡ください。',
      '予算案について、明日までにご意見をください。',
      '先日はありがとうございました。',
    ],
    signOffs: ['よろしくお願いいたします。', '以上です。', '引き続きよろしくお願いします。'],
    wrote: '{date}、{who} さんは書きました:',
    people: [
      ['田中 太郎', 'tanaka.taro', '田中'],
      ['鈴木 花子', 'suzuki.hanako', '鈴木'],
      ['佐藤 健', 'sato.ken', '佐藤'],
      ['高橋 美咲', 'takahashi.misaki', '高橋'],
      ['渡辺 翔太', 'watanabe.shota', '渡辺'],
      ['伊藤 さくら', 'ito.sakura', '伊藤'],
    ],
    timeZone: 540,
  },
  ru: {
    charset: 'windows-1251',
    cjk: false,
    base64: false,
    subjects: [
      'Отчёт за месяц',
      'Встреча в четверг',
      'Счёт на оплату',
      'Планы на следующую неделю',
      'Вопрос по договору',
      'Поздравляю с праздником!',
      'Обновление проекта',
      'Фотографии с конференции',
    ],
    greetings: compileAll(['Добрый день, {name}!', 'Здравствуйте, {name}!', 'Привет, {name}!']),
    sentences: [
      'Высылаю отчёт за прошлый месяц.',
      'Пожалуйста, проверьте документы до пятницы.',
      'Встреча переносится на четверг, на 15:00.',
      'Спасибо за быстрый ответ!',
      'Мы обсудили бюджет и сроки проекта.',
      'Если будут вопросы, звоните в любое время.',
      'Новая версия уже доступна для тестирования.',
      'Погода в Москве отличная, приезжайте.',
      'Договор подписан, оригинал отправим почтой.',
      'Напомню, что дедлайн в понедельник.',
    ],
    signOffs: ['С уважением,', 'Всего доброго,', 'Спасибо,'],
    wrote: '{date}, {who} пишет:',
    people: [
      ['Иван Петров', 'ivan.petrov', 'Иван'],
      ['Анна Смирнова', 'anna.smirnova', 'Анна'],
      ['Дмитрий Козлов', 'dmitry.kozlov', 'Дмитрий'],
      ['Елена Волкова', 'elena.volkova', 'Елена'],
      ['Сергей Морозов', 'sergey.morozov', 'Сергей'],
      ['Ольга Соколова', 'olga.sokolova', 'Ольга'],
    ],
    timeZone: 180,
  },
  zh: {
    charset: 'GB18030',
    cjk: true,
    base64: true,
    subjects: [
      '本月工作报告',
      '会议纪要',
      '项目进度更新',
      '关于下周出差的安排',
      '发票已寄出',
      '春节放假通知',
      '请确认合同条款',
      '周末聚餐',
    ],
    greetings: compileAll(['{name}，您好！', '{name}：', '大家好，']),
    sentences: [
      '附件是本月的报告，请查收。',
      '请在周五之前确认。',
      '会议改到周四下午三点。',
      '项目进展顺利，测试已经完成。',
      '如有任何问题，请随时联系我。',
      '预算方案需要再讨论一下。',
      '北京今天天气很好。',
      '合同已经签好了，原件会寄给您。',
      '感谢大家的辛苦工作！',
      '下周一之前请提交修改意见。',
    ],
    signOffs: ['谢谢，祝好！', '此致敬礼', '祝工作顺利！'],
    wrote: '{who} 于 {date} 写道：',
    people: [
      ['王伟', 'wang.wei', '王伟'],
      ['李娜', 'li.na', '李娜'],
      ['张敏', 'zhang.min', '张敏'],
      ['刘洋', 'liu.yang', '刘洋'],
      ['陈静', 'chen.jing', '陈静'],
      ['杨帆', 'yang.fan', '杨帆'],
    ],
    timeZone: 480,
  },
};

const FOREIGN_LANGS: readonly ForeignLang[] = ['fr', 'de', 'ja', 'ru', 'zh'];

/** [display name, address, organisation named in the text] of automated senders, by category. */
const SERVICE_SENDERS: Readonly<
  Record<ServiceCategory, readonly (readonly [string, string, string])[]>
> = {
  newsletter: [
    ['Example Weekly', 'newsletter@lists.example.org', 'Example Weekly'],
    ['The Example Digest', 'digest@news.example.com', 'Example Digest'],
    ['Example Books', 'hello@books.example.net', 'Example Books'],
    ['Tern Community', 'community@tern.test', 'Tern'],
  ],
  invoice: [
    ['Example Cloud Billing', 'billing@example.com', 'Example Cloud'],
    ['Example Energy', 'invoices@example.net', 'Example Energy'],
    ['Example Shop', 'orders@shop.example.com', 'Example Shop'],
  ],
  notification: [
    ['Example Security', 'no-reply@accounts.example.com', 'Example Accounts'],
    ['Example CI', 'ci@builds.example.org', 'Example CI'],
    ['Tern', 'no-reply@tern.test', 'Tern'],
  ],
  travel: [
    ['Example Air', 'bookings@air.example.net', 'Example Air'],
    ['Example Hotels', 'reservations@hotels.example.com', 'Example Hotels'],
  ],
};

const MAILERS = [
  'User-Agent: Mozilla Thunderbird',
  'X-Mailer: Apple Mail (2.3826.600.51)',
  'X-Mailer: Microsoft Outlook 16.0',
  'User-Agent: Tern/0.1',
] as const;

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

type NameStyle = 'plain' | 'quoted' | 'bare';

interface Person {
  /** Display name as written in headers (may already be "Last, First"). */
  readonly name: string;
  /** What correspondents call them in greetings and sign-offs. */
  readonly call: string;
  readonly address: string;
  readonly domain: string;
  /** Minutes east of UTC used in their Date headers. */
  readonly timeZone: number;
  readonly style: NameStyle;
  /** A legacy charset their name can be written in, when mail in that charset carries it. */
  readonly home: LegacyCharset | null;
  /** Organisation an automated sender writes as ('' for people). */
  readonly org: string;
  /** Formatted mailbox per header charset, so names are encoded once. */
  readonly mailboxes: Map<Charset, string>;
}

const ASCII_FOLD: Readonly<Record<string, string>> = {
  ø: 'o',
  ł: 'l',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  å: 'a',
};

/** Mailbox local parts are ASCII, so "Søren Åström" becomes "soren.astrom". */
function toAsciiLower(text: string): string {
  let out = '';
  for (const character of text.toLowerCase().normalize('NFD')) {
    const code = character.charCodeAt(0);
    if (code >= 0x61 && code <= 0x7a) out += character;
    else out += ASCII_FOLD[character] ?? '';
  }
  return out;
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function createPerson(
  name: string,
  call: string,
  address: string,
  timeZone: number,
  style: NameStyle,
  home: LegacyCharset | null,
  org = '',
): Person {
  const domain = address.slice(address.indexOf('@') + 1);
  return { name, call, address, domain, timeZone, style, home, org, mailboxes: new Map() };
}

function buildPeople(rng: Rng, count: number): Person[] {
  const people: Person[] = [];
  const taken = new Set<string>();
  for (let attempts = 0; people.length < count && attempts < count * 20; attempts++) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const f = toAsciiLower(first);
    const l = toAsciiLower(last);
    const local = pick(rng, [
      `${f}.${l}`,
      `${f.charAt(0)}${l}`,
      f,
      `${f}_${l}`,
      `${f}${l.charAt(0)}`,
      `${l}.${f}`,
    ]);
    const address = `${local}@${pickWeighted(rng, PEOPLE_DOMAINS)}`;
    if (taken.has(address)) continue;
    taken.add(address);
    const r = rng();
    // Some clients write "Last, First", which needs quoting; others send a bare address.
    const reversed = r >= 0.55 && r < 0.65;
    const style: NameStyle = r < 0.55 ? 'plain' : r < 0.85 ? 'quoted' : 'bare';
    const name = reversed ? `${last}, ${first}` : `${first} ${last}`;
    const home = !isAscii(name) && fitsLatin1(name) ? 'ISO-8859-1' : null;
    people.push(createPerson(name, first, address, pickWeighted(rng, TIME_ZONES), style, home));
  }
  return people;
}

function buildForeignPeople(rng: Rng, lang: ForeignLang): Person[] {
  const pack = LANG_PACKS[lang];
  return pack.people.map(([name, local, call]) =>
    createPerson(
      name,
      call,
      `${local}@${pickWeighted(rng, PEOPLE_DOMAINS)}`,
      pack.timeZone,
      chance(rng, 0.3) ? 'quoted' : 'plain',
      pack.charset,
    ),
  );
}

function buildServices(rng: Rng): Record<ServiceCategory, Person[]> {
  const build = (category: ServiceCategory): Person[] =>
    SERVICE_SENDERS[category].map(([name, address, org]) =>
      createPerson(name, name, address, pickWeighted(rng, TIME_ZONES), 'plain', null, org),
    );
  return {
    newsletter: build('newsletter'),
    invoice: build('invoice'),
    notification: build('notification'),
    travel: build('travel'),
  };
}

function ownerPerson(recipient: string, timeZone: number): Person {
  const local = recipient.slice(0, recipient.indexOf('@'));
  const words = local.split(/[._-]+/).filter((word) => word.length > 0);
  const capitalized = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const name = capitalized.join(' ') || local;
  return createPerson(name, capitalized[0] ?? name, recipient, timeZone, 'plain', null);
}

const PHRASE_SPECIALS = /[()<>[\]:;@\\,."]/;

function formatMailbox(person: Person, charset: Charset): string {
  const key: Charset = person.home !== null && person.home === charset ? charset : 'UTF-8';
  const cached = person.mailboxes.get(key);
  if (cached !== undefined) return cached;
  let formatted: string;
  if (person.style === 'bare' || person.name === '') {
    formatted = person.address;
  } else if (isAscii(person.name)) {
    const quote = person.style === 'quoted' || PHRASE_SPECIALS.test(person.name);
    formatted = quote
      ? `"${person.name}" <${person.address}>`
      : `${person.name} <${person.address}>`;
  } else {
    formatted = `${encodeWords(person.name, key).join(' ')} <${person.address}>`;
  }
  person.mailboxes.set(key, formatted);
  return formatted;
}

function addressHeader(name: string, people: readonly Person[], charset: Charset): string {
  return fold(`${name}: ${people.map((person) => formatMailbox(person, charset)).join(', ')}`);
}

// ---------------------------------------------------------------------------
// Run state
// ---------------------------------------------------------------------------

type Mode = 'inbox' | 'sent' | 'drafts';
type Structure = 'plain' | 'html' | 'alternative' | 'mixed' | 'related';

interface Voice {
  readonly lang: LangCode;
  readonly charset: Charset;
}

interface Thread {
  readonly subject: string;
  readonly category: Category;
  readonly voice: Voice;
  readonly ids: string[];
  /** People other than the owner taking part. */
  readonly participants: readonly Person[];
  lastAuthor: Person;
  lastDate: string;
  lastLines: readonly string[];
  lastTime: number;
  remaining: number;
}

interface Run {
  readonly count: number;
  readonly rng: Rng;
  readonly times: Float64Array;
  readonly endMs: number;
  readonly mode: Mode;
  readonly owner: Person;
  readonly tag: string;
  readonly people: readonly Person[];
  readonly foreignPeople: Readonly<Record<ForeignLang, readonly Person[]>>;
  readonly services: Readonly<Record<ServiceCategory, readonly Person[]>>;
  readonly threads: Thread[];
  readonly threadIdleMs: number;
  /** Encoded-word forms of the finite set of foreign subjects. */
  readonly subjectCache: Map<string, string>;
}

function folderMode(folder: string | undefined): Mode {
  const name = (folder ?? 'INBOX').toLowerCase();
  if (name === 'sent' || name.startsWith('sent ')) return 'sent';
  if (name === 'drafts' || name === 'draft') return 'drafts';
  return 'inbox';
}

function createRun(options: GenerateOptions): Run {
  const { count, recipient } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError('count must be a non-negative integer');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(recipient))
    throw new TypeError(`recipient must be a bare address: ${recipient}`);
  const endMs = options.end === undefined ? DEFAULT_END_MS : options.end.getTime();
  if (!Number.isFinite(endMs)) throw new RangeError('end must be a valid date');
  const seed = options.seed ?? DEFAULT_SEED;
  const mode = folderMode(options.folder);
  // Separate streams, so the schedule does not shift when content logic changes.
  const setupRng = mulberry32(seed ^ 0x5eed1234);
  const ownerZone = pickWeighted(setupRng, TIME_ZONES);
  const foreignPeople = {
    fr: buildForeignPeople(setupRng, 'fr'),
    de: buildForeignPeople(setupRng, 'de'),
    ja: buildForeignPeople(setupRng, 'ja'),
    ru: buildForeignPeople(setupRng, 'ru'),
    zh: buildForeignPeople(setupRng, 'zh'),
  };
  return {
    count,
    rng: mulberry32(seed),
    times: buildSchedule(count, endMs, ownerZone, mulberry32(seed ^ 0x0da7e5)),
    endMs,
    mode,
    owner: ownerPerson(recipient, ownerZone),
    tag: hashString(`${mode}:${options.folder ?? 'INBOX'}`, seed).toString(36),
    people: buildPeople(setupRng, 600),
    foreignPeople,
    services: buildServices(setupRng),
    threads: [],
    threadIdleMs: Math.max(THREAD_IDLE_MS, (THREAD_IDLE_GAPS * SPAN_MS) / Math.max(count, 1)),
    subjectCache: new Map(),
  };
}

/**
 * Ascending whole-second instants over the five years before `endMs`, denser
 * in the owner's working hours, on weekdays, and in recent years.
 */
function buildSchedule(count: number, endMs: number, ownerZone: number, rng: Rng): Float64Array {
  const startMs = endMs - SPAN_MS;
  const times = new Float64Array(count);
  let filled = 0;
  while (filled < count) {
    const t = startMs + rng() * SPAN_MS;
    const local = t + ownerZone * MINUTE_MS;
    const hour = Math.floor(local / HOUR_MS) % 24;
    const weekday = (Math.floor(local / DAY_MS) + 4) % 7; // 1970-01-01 was a Thursday
    const weekend = weekday === 0 || weekday === 6;
    const growth = 0.55 + (0.45 * (t - startMs)) / SPAN_MS;
    if (rng() < (HOUR_WEIGHT[hour] ?? 1) * (weekend ? 0.4 : 1) * growth) times[filled++] = t;
  }
  times.sort();
  let previous = -Infinity;
  for (let i = 0; i < count; i++) {
    const whole = Math.floor((times[i] ?? 0) / SECOND_MS) * SECOND_MS;
    // Strictly increasing, so date order is unambiguous.
    const t = whole > previous ? whole : previous + SECOND_MS;
    times[i] = t;
    previous = t;
  }
  return times;
}

// ---------------------------------------------------------------------------
// Content model and rendering
// ---------------------------------------------------------------------------

type Block =
  | { readonly kind: 'para'; readonly sentences: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'link'; readonly label: string; readonly href: string }
  | { readonly kind: 'heading'; readonly text: string }
  /** HTML only: remote or cid: image. */
  | {
      readonly kind: 'image';
      readonly src: string;
      readonly alt: string;
      readonly width: number;
      readonly height: number;
    };

interface Quote {
  readonly attribution: string;
  readonly lines: readonly string[];
}

interface Content {
  greeting: string | null;
  blocks: Block[];
  closing: string[];
  signature: string[] | null;
  quote: Quote | null;
}

function wrapText(text: string, width: number, prefix: string, out: string[]): void {
  let start = 0;
  while (text.length - start > width) {
    let at = text.lastIndexOf(' ', start + width);
    if (at <= start) {
      at = text.indexOf(' ', start + width);
      if (at < 0) break;
    }
    out.push(prefix + text.slice(start, at));
    start = at + 1;
  }
  out.push(prefix + text.slice(start));
}

function renderTextBlock(block: Block, cjk: boolean, lines: string[]): void {
  switch (block.kind) {
    case 'para':
      if (cjk) lines.push(...block.sentences);
      else wrapText(block.sentences.join(' '), TEXT_WIDTH, '', lines);
      break;
    case 'list':
      for (const item of block.items) wrapText(item, TEXT_WIDTH - 2, '- ', lines);
      break;
    case 'table': {
      const widths = block.head.map((cell, column) =>
        Math.max(cell.length, ...block.rows.map((row) => (row[column] ?? '').length)),
      );
      const row = (cells: readonly string[]): string =>
        cells
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd();
      lines.push(row(block.head), widths.map((width) => '-'.repeat(width)).join('  '));
      for (const cells of block.rows) lines.push(row(cells));
      break;
    }
    case 'link':
      lines.push(`${block.label}: ${block.href}`);
      break;
    case 'heading':
      lines.push(block.text, '-'.repeat(Math.min(block.text.length, TEXT_WIDTH)));
      break;
    case 'image':
      return; // no blank line either
  }
  lines.push('');
}

/** The author's own text, without any quote (threads quote this later). */
function renderOwnText(content: Content, cjk: boolean): string[] {
  const lines: string[] = [];
  if (content.greeting !== null) lines.push(content.greeting, '');
  for (const block of content.blocks) renderTextBlock(block, cjk, lines);
  if (content.closing.length > 0) lines.push(...content.closing, '');
  if (content.signature !== null) lines.push('-- ', ...content.signature);
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function withQuote(own: readonly string[], quote: Quote | null): readonly string[] {
  if (quote === null) return own;
  const lines = [...own, '', quote.attribution];
  for (const line of quote.lines) lines.push(line === '' ? '>' : `> ${line}`);
  return lines;
}

const HTML_SPECIALS = /[&<>"]/;

function escapeHtml(text: string): string {
  if (!HTML_SPECIALS.test(text)) return text;
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function renderHtmlBlock(block: Block, cjk: boolean, out: string[]): void {
  switch (block.kind) {
    case 'para':
      out.push(`<p>${escapeHtml(block.sentences.join(cjk ? '' : ' '))}</p>`);
      break;
    case 'list':
      out.push('<ul>');
      for (const item of block.items) out.push(`<li>${escapeHtml(item)}</li>`);
      out.push('</ul>');
      break;
    case 'table':
      out.push(
        '<table border="1" cellpadding="6" cellspacing="0" style="border-collapse:collapse">',
      );
      out.push(
        `<tr>${block.head.map((cell) => `<th align="left">${escapeHtml(cell)}</th>`).join('')}</tr>`,
      );
      for (const row of block.rows)
        out.push(`<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`);
      out.push('</table>');
      break;
    case 'link':
      out.push(`<p><a href="${escapeHtml(block.href)}">${escapeHtml(block.label)}</a></p>`);
      break;
    case 'heading':
      out.push(`<h2 style="font-size:18px;margin:16px 0 4px">${escapeHtml(block.text)}</h2>`);
      break;
    case 'image':
      out.push(
        `<img src="${escapeHtml(block.src)}" alt="${escapeHtml(block.alt)}" width="${block.width}" height="${block.height}">`,
      );
      break;
  }
}

function renderHtml(content: Content, voice: Voice, cjk: boolean): string[] {
  const out = [
    '<!DOCTYPE html>',
    '<html>',
    `<head><meta http-equiv="Content-Type" content="text/html; charset=${voice.charset}"></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
  ];
  if (content.greeting !== null) out.push(`<p>${escapeHtml(content.greeting)}</p>`);
  for (const block of content.blocks) renderHtmlBlock(block, cjk, out);
  if (content.closing.length > 0)
    out.push(`<p>${content.closing.map(escapeHtml).join('<br>')}</p>`);
  if (content.signature !== null) {
    out.push(
      `<div style="color:#777">-- <br>${content.signature.map(escapeHtml).join('<br>')}</div>`,
    );
  }
  if (content.quote !== null) {
    out.push(`<div>${escapeHtml(content.quote.attribution)}</div>`);
    out.push(
      '<blockquote type="cite" style="margin:0 0 0 .8ex;border-left:1px solid #ccc;padding-left:1ex">',
    );
    for (const line of content.quote.lines) out.push(`${escapeHtml(line)}<br>`);
    out.push('</blockquote>');
  }
  out.push('</body>', '</html>');
  return out;
}

// ---------------------------------------------------------------------------
// Content builders
// ---------------------------------------------------------------------------

interface ContentRequest {
  readonly rng: Rng;
  readonly category: Category;
  readonly scene: Scene;
  readonly isReply: boolean;
  readonly author: Person;
}

/** Target body length in lines: mostly medium, some one-liners, some long. */
function targetLines(rng: Rng): number {
  const r = rng();
  if (r < 0.15) return between(rng, 1, 3);
  if (r < 0.7) return between(rng, 4, 14);
  return between(rng, 15, 36);
}

function prose(rng: Rng, sentences: readonly Template[], scene: Scene, lines: number): Block[] {
  const blocks: Block[] = [];
  const used = new Set<Template>();
  let written = 0;
  do {
    const picked: string[] = [];
    let length = 0;
    const n = between(rng, 1, 4);
    for (let i = 0; i < n; i++) {
      const sentence = fillFresh(sentences, scene, rng, used);
      picked.push(sentence);
      length += sentence.length + 1;
    }
    blocks.push({ kind: 'para', sentences: picked });
    written += Math.ceil(length / TEXT_WIDTH) + 1;
    // Long mails exhaust the distinct sentences; allow reuse rather than loop forever.
    if (used.size >= sentences.length) used.clear();
  } while (written < lines);
  return blocks;
}

function distinctSentences(
  rng: Rng,
  templates: readonly Template[],
  scene: Scene,
  count: number,
): string[] {
  const used = new Set<Template>();
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) sentences.push(fillFresh(templates, scene, rng, used));
  return sentences;
}

function bulletList(rng: Rng, templates: readonly Template[], scene: Scene): Block {
  const items: string[] = [];
  const used = new Set<Template>();
  const n = Math.min(between(rng, 2, 5), templates.length);
  for (let i = 0; i < n; i++) items.push(fillFresh(templates, scene, rng, used));
  return { kind: 'list', items };
}

function money(rng: Rng, currency: string, min: number, max: number): [number, string] {
  const cents = between(rng, min * 100, max * 100);
  return [cents, `${currency}${(cents / 100).toFixed(2)}`];
}

function signature(rng: Rng, author: Person): string[] {
  return [
    author.name,
    `${pick(rng, JOB_TITLES)}, ${pick(rng, COMPANIES)}`,
    `+1 555 01${between(rng, 10, 99)}`,
  ];
}

function conversationalContent(request: ContentRequest): Content {
  const { rng, category, scene, isReply, author } = request;
  const spec = CATEGORIES[category];
  if (isReply && chance(rng, 0.3)) {
    const closing = chance(rng, 0.5) ? [scene.author] : [];
    return {
      greeting: null,
      blocks: [{ kind: 'para', sentences: [fillRandom(SHORT_REPLIES, scene, rng)] }],
      closing,
      signature: null,
      quote: null,
    };
  }
  const lines = targetLines(rng);
  const short = lines <= 3;
  const blocks = prose(rng, spec.sentences, scene, lines);
  if (!short && spec.bullets.length > 0 && chance(rng, category === 'personal' ? 0.1 : 0.5)) {
    blocks.splice(Math.min(1, blocks.length), 0, bulletList(rng, spec.bullets, scene));
  }
  if (!short && category === 'project' && chance(rng, 0.2)) {
    blocks.push({
      kind: 'table',
      head: ['Metric', 'Last week', 'This week'],
      rows: [
        ['Open issues', String(between(rng, 10, 90)), String(between(rng, 10, 90))],
        ['Build time', `${between(rng, 8, 20)}m`, `${between(rng, 6, 18)}m`],
        ['Coverage', `${between(rng, 60, 80)}%`, `${between(rng, 60, 85)}%`],
      ],
    });
  }
  if (!short && chance(rng, 0.15)) {
    blocks.push({
      kind: 'link',
      label: 'Details',
      href: `https://example.com/${scene.project.toLowerCase()}/${scene.number}`,
    });
  }
  const greeting = short || chance(rng, 0.15) ? null : fillRandom(GREETINGS, scene, rng);
  const closing = short ? [] : [pick(rng, SIGN_OFFS), scene.author];
  const signed = !short && chance(rng, category === 'personal' ? 0.05 : 0.25);
  return {
    greeting,
    blocks,
    closing,
    signature: signed ? signature(rng, author) : null,
    quote: null,
  };
}

function newsletterContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.newsletter;
  const blocks: Block[] = [];
  if (chance(rng, 0.6)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/newsletters/${scene.number}/hero.jpg`,
      alt: scene.headline,
      width: 600,
      height: 200,
    });
  }
  blocks.push({ kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] });
  const articles = between(rng, 2, 4);
  for (let i = 0; i < articles; i++) {
    const headline = i === 0 ? scene.headline : fillRandom(HEADLINES, scene, rng);
    blocks.push({ kind: 'heading', text: headline });
    blocks.push({ kind: 'para', sentences: [fillRandom(spec.bullets, scene, rng)] });
    blocks.push({
      kind: 'link',
      label: 'Read more',
      href: `https://example.com/news/${scene.number}-${i + 1}`,
    });
  }
  blocks.push({
    kind: 'para',
    sentences: [`You are receiving this because you subscribed to ${scene.company} updates.`],
  });
  blocks.push({
    kind: 'link',
    label: 'Unsubscribe',
    href: `https://example.com/unsubscribe?list=${scene.number}`,
  });
  if (chance(rng, 0.25)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/t/${scene.number}.gif`,
      alt: '',
      width: 1,
      height: 1,
    });
  }
  const greeting = chance(rng, 0.5) ? fillRandom(NEWSLETTER_GREETINGS, scene, rng) : null;
  return { greeting, blocks, closing: [`The ${scene.company} team`], signature: null, quote: null };
}

function invoiceContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.invoice;
  const currency = pick(rng, CURRENCIES);
  const blocks: Block[] = [];
  if (chance(rng, 0.3)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/logos/${scene.company.replaceAll(' ', '-').toLowerCase()}.png`,
      alt: scene.company,
      width: 120,
      height: 40,
    });
  }
  blocks.push({ kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) });
  const rows: string[][] = [];
  let total = 0;
  const items = between(rng, 1, 4);
  for (let i = 0; i < items; i++) {
    const [cents, label] = money(rng, currency, 5, 900);
    total += cents;
    rows.push([pick(rng, LINE_ITEMS), String(between(rng, 1, 5)), label]);
  }
  rows.push(['Total', '', `${currency}${(total / 100).toFixed(2)}`]);
  blocks.push({ kind: 'table', head: ['Item', 'Qty', 'Amount'], rows });
  blocks.push({ kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] });
  blocks.push({
    kind: 'link',
    label: 'View invoice',
    href: `https://example.com/billing/invoices/${scene.number}`,
  });
  return {
    greeting: fillRandom(SERVICE_GREETINGS, scene, rng),
    blocks,
    closing: ['Thanks,', `${scene.company} Billing`],
    signature: null,
    quote: null,
  };
}

function notificationContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.notification;
  const blocks: Block[] = [
    { kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) },
  ];
  blocks.push({
    kind: 'link',
    label: 'Open',
    href: `https://example.com/account/activity/${scene.number}`,
  });
  blocks.push({
    kind: 'para',
    sentences: ['This is an automated message; replies are not monitored.'],
  });
  const greeting = chance(rng, 0.5) ? fillRandom(SERVICE_GREETINGS, scene, rng) : null;
  return { greeting, blocks, closing: [], signature: null, quote: null };
}

function travelContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.travel;
  const legs = between(rng, 1, 2);
  const rows: string[][] = [];
  for (let i = 0; i < legs; i++) {
    rows.push([
      `EX ${between(rng, 100, 999)}`,
      pick(rng, CITIES),
      i === 0 ? scene.city : pick(rng, CITIES),
      `${pick(rng, WEEKDAYS)} ${pick(rng, TIMES)}`,
    ]);
  }
  const blocks: Block[] = [
    { kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) },
    { kind: 'table', head: ['Flight', 'From', 'To', 'Departs'], rows },
    { kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] },
    { kind: 'link', label: 'Manage booking', href: `https://example.com/trips/${scene.number}` },
  ];
  return {
    greeting: fillRandom(SERVICE_GREETINGS, scene, rng),
    blocks,
    closing: ['Safe travels,', scene.company],
    signature: null,
    quote: null,
  };
}

function englishContent(request: ContentRequest): Content {
  switch (request.category) {
    case 'newsletter':
      return newsletterContent(request);
    case 'invoice':
      return invoiceContent(request);
    case 'notification':
      return notificationContent(request);
    case 'travel':
      return travelContent(request);
    default:
      return conversationalContent(request);
  }
}

function foreignContent(rng: Rng, pack: LangPack, scene: Scene): Content {
  const paragraphs = between(rng, 1, 3);
  const blocks: Block[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    const n = between(rng, 1, 4);
    for (let i = 0; i < n; i++) sentences.push(pick(rng, pack.sentences));
    blocks.push({ kind: 'para', sentences });
  }
  return {
    greeting: fill(pick(rng, pack.greetings), scene, rng),
    blocks,
    closing: [pick(rng, pack.signOffs), scene.author],
    signature: null,
    quote: null,
  };
}

/** `company` pins the organisation when an automated sender writes as itself. */
function makeScene(rng: Rng, reader: string, author: string, company: string): Scene {
  const scene: Scene = {
    project: pick(rng, PROJECTS),
    topic: pick(rng, TOPICS),
    company: company || pick(rng, COMPANIES),
    city: pick(rng, CITIES),
    weekday: pick(rng, WEEKDAYS),
    month: pick(rng, MONTHS),
    time: pick(rng, TIMES),
    number: String(between(rng, 10000, 99999)),
    headline: '',
    reader,
    author,
  };
  scene.headline = fillRandom(HEADLINES, scene, rng);
  return scene;
}

// ---------------------------------------------------------------------------
// MIME assembly
// ---------------------------------------------------------------------------

interface MimePart {
  readonly head: string;
  readonly body: string;
}

function charsetLabel(rng: Rng, charset: Charset): string {
  if (charset !== 'UTF-8') return `"${charset}"`;
  return chance(rng, 0.5) ? 'utf-8' : '"UTF-8"';
}

function textPart(
  rng: Rng,
  lines: readonly string[],
  subtype: 'plain' | 'html',
  voice: Voice,
  base64: boolean,
): MimePart {
  const contentType = `Content-Type: text/${subtype}; charset=${charsetLabel(rng, voice.charset)}`;
  if (voice.charset === 'UTF-8' && subtype === 'plain') {
    const text = lines.join(CRLF);
    if (isAscii(text))
      return { head: `${contentType}${CRLF}Content-Transfer-Encoding: 7bit`, body: text };
  }
  if (base64) {
    return {
      head: `${contentType}${CRLF}Content-Transfer-Encoding: base64`,
      body: base64Lines(encodeCharset(lines.join(CRLF), voice.charset)),
    };
  }
  return {
    head: `${contentType}${CRLF}Content-Transfer-Encoding: quoted-printable`,
    body: encodeQuotedPrintable(encodeCharset(lines.join('\n'), voice.charset)),
  };
}

function multipart(
  subtype: string,
  boundary: string,
  parts: readonly MimePart[],
  preamble: boolean,
): MimePart {
  const pieces: string[] = preamble ? ['This is a multi-part message in MIME format.', ''] : [];
  for (const part of parts) pieces.push(`--${boundary}`, part.head, '', part.body);
  pieces.push(`--${boundary}--`);
  return {
    head: `Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"`,
    body: pieces.join(CRLF),
  };
}

type BoundaryStyle = (level: number) => string;

/** Boundaries imitate common clients; index and nesting level keep them unique. */
function boundaryStyle(rng: Rng, index: number, tag: string): BoundaryStyle {
  const random = randomHex(rng, 12);
  const id = index.toString(36);
  switch (between(rng, 0, 3)) {
    case 0:
      return (level) => `----=_Part_${level}_${id}.${tag}${random}`;
    case 1:
      return (level) => `0000000000${level}${random}${id}`;
    case 2:
      return (level) => `Apple-Mail=_${random.toUpperCase()}-${id}-${level}`;
    default:
      return (level) => `b${level}_${tag}${id}${random}`;
  }
}

function inlineImagePart(contentId: string, filename: string, body: string): MimePart {
  return {
    head: [
      `Content-Type: image/png; name="${filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-ID: <${contentId}>`,
      `Content-Disposition: inline; filename="${filename}"`,
    ].join(CRLF),
    body,
  };
}

function chooseAttachments(rng: Rng, category: Category): Attachment[] {
  const table = fixtures().attachments;
  const r = rng();
  const count = r < 0.7 ? 1 : r < 0.92 ? 2 : 3;
  const chosen: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const candidate = pick(rng, table[pick(rng, CATEGORIES[category].attachments)]);
    if (!chosen.includes(candidate)) chosen.push(candidate);
  }
  return chosen;
}

interface BodyRequest {
  readonly rng: Rng;
  readonly structure: Structure;
  readonly category: Category;
  readonly voice: Voice;
  readonly content: Content;
  readonly textLines: readonly string[];
  readonly cjk: boolean;
  readonly base64: boolean;
  readonly boundary: BoundaryStyle;
  readonly contentId: string;
}

function buildBody(request: BodyRequest): MimePart {
  const { rng, structure, voice, content, cjk, base64, boundary } = request;
  const plain = (): MimePart => textPart(rng, request.textLines, 'plain', voice, base64);
  const html = (): MimePart =>
    textPart(rng, renderHtml(content, voice, cjk), 'html', voice, base64);
  const preamble = chance(rng, 0.4);
  switch (structure) {
    case 'plain':
      return plain();
    case 'html':
      return html();
    case 'alternative':
      return multipart('alternative', boundary(1), [plain(), html()], preamble);
    case 'mixed': {
      const main = chance(rng, 0.5)
        ? multipart('alternative', boundary(2), [plain(), html()], false)
        : plain();
      const parts: MimePart[] = [main, ...chooseAttachments(rng, request.category)];
      return multipart('mixed', boundary(1), parts, preamble);
    }
    case 'related': {
      const photo = request.category === 'personal';
      const image: Block = {
        kind: 'image',
        src: `cid:${request.contentId}`,
        alt: photo ? 'Photo' : 'Logo',
        width: photo ? 64 : 32,
        height: photo ? 48 : 32,
      };
      // The logo leads the mail; a shared photo sits after the first paragraph.
      content.blocks.splice(photo ? Math.min(1, content.blocks.length) : 0, 0, image);
      const store = fixtures();
      const inline = photo
        ? inlineImagePart(request.contentId, 'photo.png', store.inlinePhoto)
        : inlineImagePart(request.contentId, 'logo.png', store.inlineLogo);
      const related = multipart('related', boundary(2), [html(), inline], false);
      return chance(rng, 0.7)
        ? multipart('alternative', boundary(1), [plain(), related], preamble)
        : related;
    }
  }
}

// ---------------------------------------------------------------------------
// Message composition
// ---------------------------------------------------------------------------

const NEW_STRUCTURES = weighted<Structure>([
  ['plain', 23],
  ['html', 16],
  ['alternative', 24],
  ['mixed', 20],
  ['related', 5],
]);
const REPLY_STRUCTURES = weighted<Structure>([
  ['plain', 50],
  ['alternative', 42],
  ['mixed', 8],
]);
const FOREIGN_STRUCTURES = weighted<Structure>([
  ['plain', 65],
  ['alternative', 35],
]);

/** Which kinds of mail plausibly come in each MIME shape. */
const CATEGORY_BY_STRUCTURE: Readonly<Record<Structure, Weighted<Category>>> = {
  plain: weighted<Category>([
    ['personal', 30],
    ['meeting', 20],
    ['project', 25],
    ['notification', 15],
    ['travel', 5],
    ['invoice', 5],
  ]),
  html: weighted<Category>([
    ['newsletter', 50],
    ['notification', 20],
    ['invoice', 15],
    ['travel', 15],
  ]),
  alternative: weighted<Category>([
    ['newsletter', 20],
    ['personal', 15],
    ['meeting', 15],
    ['project', 20],
    ['notification', 10],
    ['invoice', 10],
    ['travel', 10],
  ]),
  mixed: weighted<Category>([
    ['invoice', 30],
    ['meeting', 20],
    ['project', 25],
    ['personal', 20],
    ['travel', 5],
  ]),
  related: weighted<Category>([
    ['newsletter', 50],
    ['personal', 25],
    ['invoice', 25],
  ]),
};

/** What the owner sends: conversations and the odd invoice, never newsletters. */
const OWNER_CATEGORIES = weighted<Category>([
  ['personal', 35],
  ['meeting', 25],
  ['project', 30],
  ['invoice', 10],
]);

function isService(category: Category): category is ServiceCategory {
  return (
    category === 'newsletter' ||
    category === 'invoice' ||
    category === 'notification' ||
    category === 'travel'
  );
}

function pickVoice(rng: Rng): Voice {
  const r = rng();
  if (r < 0.07) {
    const lang = pick(rng, FOREIGN_LANGS);
    return { lang, charset: LANG_PACKS[lang].charset };
  }
  if (r < 0.1) return { lang: pick(rng, FOREIGN_LANGS), charset: 'UTF-8' };
  return { lang: 'en', charset: 'UTF-8' };
}

function peopleFor(run: Run, lang: LangCode): readonly Person[] {
  return lang === 'en' ? run.people : run.foreignPeople[lang];
}

/** A few distinct people other than those in `exclude`. */
function pickPeople(
  rng: Rng,
  pool: readonly Person[],
  count: number,
  exclude: readonly Person[],
): Person[] {
  const chosen: Person[] = [];
  for (let attempts = 0; chosen.length < count && attempts < count * 4; attempts++) {
    const person = pickFrequent(rng, pool);
    if (!exclude.includes(person) && !chosen.includes(person)) chosen.push(person);
  }
  return chosen;
}

interface Parties {
  readonly from: Person;
  readonly to: readonly Person[];
  readonly cc: readonly Person[];
  /** Non-owner people who would carry on a conversation. */
  readonly participants: readonly Person[];
}

function inboxParties(run: Run, category: Category, voice: Voice, thread: Thread | null): Parties {
  const { rng, owner } = run;
  if (thread !== null) {
    const others = thread.participants.filter((person) => person !== thread.lastAuthor);
    const from =
      others.length > 0 && chance(rng, 0.8)
        ? pick(rng, others)
        : (thread.participants[0] ?? thread.lastAuthor);
    const cc = chance(rng, 0.5) ? thread.participants.filter((person) => person !== from) : [];
    return { from, to: [owner], cc, participants: thread.participants };
  }
  if (isService(category) && voice.lang === 'en') {
    const from = pick(rng, run.services[category]);
    return { from, to: [owner], cc: [], participants: [from] };
  }
  const pool = peopleFor(run, voice.lang);
  const from = pickFrequent(rng, pool);
  const group = category !== 'personal' && chance(rng, 0.2);
  const to = group ? [owner, ...pickPeople(rng, pool, between(rng, 1, 2), [from])] : [owner];
  const cc = chance(rng, 0.12) ? pickPeople(rng, pool, between(rng, 1, 2), [from, ...to]) : [];
  return { from, to, cc, participants: [from, ...to.filter((person) => person !== owner), ...cc] };
}

function ownerParties(run: Run, voice: Voice, thread: Thread | null): Parties {
  const { rng, owner } = run;
  if (thread !== null) {
    const to = thread.lastAuthor === owner ? thread.participants.slice(0, 1) : [thread.lastAuthor];
    const cc = thread.participants.filter((person) => !to.includes(person));
    return { from: owner, to, cc, participants: thread.participants };
  }
  const pool = peopleFor(run, voice.lang);
  const to = pickPeople(rng, pool, between(rng, 1, chance(rng, 0.7) ? 1 : 3), []);
  const cc = chance(rng, 0.15) ? pickPeople(rng, pool, between(rng, 1, 2), to) : [];
  // Drafts are sometimes saved before anyone is addressed.
  const unaddressed = run.mode === 'drafts' && chance(rng, 0.15);
  return {
    from: owner,
    to: unaddressed ? [] : to,
    cc: unaddressed ? [] : cc,
    participants: [...to, ...cc],
  };
}

/** Continues an open conversation about a third of the time. */
function takeThread(run: Run, time: number): Thread | null {
  const { rng, threads } = run;
  if (threads.length === 0 || !chance(rng, REPLY_PROBABILITY)) return null;
  while (threads.length > 0) {
    // Favor the most recently active conversations.
    const index = threads.length - 1 - Math.floor(rng() * Math.min(6, threads.length));
    const thread = threads[index];
    if (thread === undefined) return null;
    if (time - thread.lastTime <= run.threadIdleMs) return thread;
    threads.splice(index, 1);
  }
  return null;
}

function messageId(rng: Rng, run: Run, index: number, domain: string): string {
  const unique = `${index.toString(36)}.${run.tag}`;
  switch (between(rng, 0, 2)) {
    case 0:
      return `<${randomHex(rng, 16)}.${unique}@${domain}>`;
    case 1:
      return `<CA+${randomHex(rng, 10).toUpperCase()}${unique}@mail.${domain}>`;
    default:
      return `<${randomHex(rng, 8)}-${randomHex(rng, 4)}-${unique}@${domain}>`;
  }
}

function subjectHeader(run: Run, subject: string, isReply: boolean, voice: Voice): string {
  const prefix = isReply ? 'Re: ' : '';
  if (isAscii(subject)) return fold(`Subject: ${prefix}${subject}`);
  let encoded =
    voice.charset === 'UTF-8' ? undefined : run.subjectCache.get(`${voice.charset}|${subject}`);
  if (encoded === undefined) {
    encoded = encodeWords(subject, voice.charset).join(' ');
    if (voice.charset !== 'UTF-8') run.subjectCache.set(`${voice.charset}|${subject}`, encoded);
  }
  return fold(`Subject: ${prefix}${encoded}`);
}

function attribution(voice: Voice, date: string, author: Person): string {
  if (voice.lang === 'en') return `On ${date}, ${author.name} <${author.address}> wrote:`;
  return LANG_PACKS[voice.lang].wrote.replace('{date}', date).replace('{who}', author.name);
}

function computeFlags(run: Run, time: number, inThread: boolean): string {
  const { rng } = run;
  if (run.mode === 'drafts') return 'D';
  if (run.mode === 'sent') return chance(rng, 0.03) ? 'FS' : 'S';
  const flagged = chance(rng, 0.05);
  const replied = chance(rng, inThread ? 0.25 : 0.03);
  // Replied mail is always seen, so the recent base rate sits below the ~40% target.
  const seen = replied || chance(rng, run.endMs - time > RECENT_MS ? 0.9 : 0.32);
  return (flagged ? 'F' : '') + (replied ? 'R' : '') + (seen ? 'S' : '');
}

function listHeaders(rng: Rng, from: Person, scene: Scene): string[] {
  if (!chance(rng, 0.85)) return [];
  const list = from.address.slice(0, from.address.indexOf('@'));
  return [
    `List-Id: ${from.name} <${list}.${from.domain}>`,
    fold(
      `List-Unsubscribe: <https://example.com/unsubscribe?list=${list}&u=${scene.number}>, ` +
        `<mailto:unsubscribe@${from.domain}?subject=unsubscribe>`,
    ),
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Precedence: bulk',
  ];
}

function receivedHeader(rng: Rng, run: Run, from: Person, time: number): string {
  const host = from.domain.startsWith('mail.') ? from.domain : `mail.${from.domain}`;
  const ownerDomain = run.owner.domain;
  const arrived = formatDate(time + between(rng, 2, 90) * SECOND_MS, run.owner.timeZone);
  return (
    `Received: from ${host}${CRLF}\t(${host} [192.0.2.${between(rng, 1, 254)}])${CRLF}` +
    `\tby mx.${ownerDomain} with ESMTPS id ${randomHex(rng, 12).toUpperCase()}${CRLF}` +
    `\tfor <${run.owner.address}>; ${arrived}`
  );
}

function composeMessage(run: Run, index: number): GeneratedMessage {
  const { rng, mode, owner } = run;
  const time = run.times[index] ?? run.endMs;
  const thread = takeThread(run, time);
  const isReply = thread !== null;
  const voice = thread?.voice ?? pickVoice(rng);
  const foreign = voice.lang === 'en' ? null : LANG_PACKS[voice.lang];
  const structure = isReply
    ? pickWeighted(rng, REPLY_STRUCTURES)
    : pickWeighted(rng, foreign ? FOREIGN_STRUCTURES : NEW_STRUCTURES);
  const category: Category =
    thread?.category ??
    (foreign
      ? 'personal'
      : pickWeighted(rng, mode === 'inbox' ? CATEGORY_BY_STRUCTURE[structure] : OWNER_CATEGORIES));

  const parties =
    mode === 'inbox'
      ? inboxParties(run, category, voice, thread)
      : ownerParties(run, voice, thread);
  const reader = mode === 'inbox' ? owner.call : (parties.to[0]?.call ?? 'there');
  const scene = makeScene(rng, reader, parties.from.call, parties.from.org);
  const subject =
    thread?.subject ??
    (foreign ? pick(rng, foreign.subjects) : fillRandom(CATEGORIES[category].subjects, scene, rng));

  const content = foreign
    ? foreignContent(rng, foreign, scene)
    : englishContent({ rng, category, scene, isReply, author: parties.from });
  const cjk = foreign?.cjk ?? false;
  const ownLines = renderOwnText(content, cjk);
  if (thread !== null)
    content.quote = {
      attribution: attribution(voice, thread.lastDate, thread.lastAuthor),
      lines: thread.lastLines,
    };
  const textLines = withQuote(ownLines, content.quote);

  const id = messageId(rng, run, index, parties.from.domain);
  const dateHeader = formatDate(time, parties.from.timeZone);
  const body = buildBody({
    rng,
    structure,
    category,
    voice,
    content,
    textLines,
    cjk,
    base64: foreign?.base64 ?? false,
    boundary: boundaryStyle(rng, index, run.tag),
    contentId: `part${index.toString(36)}.${randomHex(rng, 8)}@${parties.from.domain}`,
  });

  const headers: string[] = [];
  if (mode === 'inbox') headers.push(receivedHeader(rng, run, parties.from, time));
  headers.push(addressHeader('From', [parties.from], voice.charset));
  if (parties.to.length > 0) headers.push(addressHeader('To', parties.to, voice.charset));
  if (parties.cc.length > 0) headers.push(addressHeader('Cc', parties.cc, voice.charset));
  headers.push(subjectHeader(run, subject, isReply, voice));
  headers.push(`Date: ${dateHeader}`);
  headers.push(`Message-ID: ${id}`);
  if (thread !== null) {
    headers.push(`In-Reply-To: ${thread.ids[thread.ids.length - 1] ?? ''}`);
    headers.push(fold(`References: ${thread.ids.join(' ')}`));
  }
  if (category === 'newsletter' && !isReply) headers.push(...listHeaders(rng, parties.from, scene));
  if (!isService(category) && chance(rng, 0.6)) headers.push(pick(rng, MAILERS));
  headers.push('MIME-Version: 1.0', body.head);

  recordConversation(run, {
    thread,
    id,
    subject,
    category,
    voice,
    parties,
    dateHeader,
    time,
    ownLines,
  });
  const flags = computeFlags(
    run,
    time,
    thread !== null || run.threads.some((open) => open.ids[0] === id),
  );
  const raw = `${headers.join(CRLF)}${CRLF}${CRLF}${body.body}${CRLF}`;
  return { raw: Buffer.from(raw, 'latin1'), date: new Date(time), flags };
}

interface Outcome {
  readonly thread: Thread | null;
  readonly id: string;
  readonly subject: string;
  readonly category: Category;
  readonly voice: Voice;
  readonly parties: Parties;
  readonly dateHeader: string;
  readonly time: number;
  readonly ownLines: readonly string[];
}

/** Advances the thread replied to, or opens a new one that later messages can answer. */
function recordConversation(run: Run, outcome: Outcome): void {
  const { rng, threads } = run;
  const quoteLines = outcome.ownLines.slice(0, 8);
  const { thread } = outcome;
  if (thread !== null) {
    thread.ids.push(outcome.id);
    thread.lastAuthor = outcome.parties.from;
    thread.lastDate = outcome.dateHeader;
    thread.lastLines = quoteLines;
    thread.lastTime = outcome.time;
    thread.remaining--;
    if (thread.remaining <= 0) threads.splice(threads.indexOf(thread), 1);
    return;
  }
  const start = outcome.voice.lang === 'en' ? CATEGORIES[outcome.category].threadStart : 0.3;
  if (outcome.parties.participants.length === 0 || !chance(rng, start)) return;
  threads.push({
    subject: outcome.subject,
    category: outcome.category,
    voice: outcome.voice,
    ids: [outcome.id],
    participants: outcome.parties.participants,
    lastAuthor: outcome.parties.from,
    lastDate: outcome.dateHeader,
    lastLines: quoteLines,
    lastTime: outcome.time,
    remaining: between(rng, 1, 7), // chains of 2-8 messages
  });
  if (threads.length > MAX_OPEN_THREADS) threads.shift();
}
