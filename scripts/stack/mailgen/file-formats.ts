/** Minimal but valid PDF, ZIP, iCalendar and text files for attachments. */
import { crc32, deflateRawSync } from 'node:zlib';
import { CRLF } from './encoding.ts';

function pdfString(text: string): string {
  return `(${text.replaceAll('\\', '\\\\').replaceAll('(', '\\(').replaceAll(')', '\\)')})`;
}

/** A minimal one-page PDF with a correct xref table (opens in any viewer). */
export function buildPdf(title: string, lines: readonly string[]): Buffer {
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

// Every entry is stamped 2026-01-15 10:30:00, in MS-DOS date and time format.
const DOS_TIME = (10 << 11) | (30 << 5);
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 15;

interface ZipEntry {
  readonly name: Buffer;
  readonly data: Buffer;
  readonly compressed: Buffer;
  readonly checksum: number;
}

/** The fields a local header and its central directory record share, "version needed" to name length. */
function writeEntryFields(header: Buffer, at: number, entry: ZipEntry): void {
  header.writeUInt16LE(20, at); // version 2.0, the first with deflate
  header.writeUInt16LE(0, at + 2); // no flags
  header.writeUInt16LE(8, at + 4); // deflate
  header.writeUInt16LE(DOS_TIME, at + 6);
  header.writeUInt16LE(DOS_DATE, at + 8);
  header.writeUInt32LE(entry.checksum, at + 10);
  header.writeUInt32LE(entry.compressed.length, at + 14);
  header.writeUInt32LE(entry.data.length, at + 18);
  header.writeUInt16LE(entry.name.length, at + 22);
}

/** A valid deflated ZIP archive (local headers, central directory, end record). */
export function buildZip(entries: readonly (readonly [string, Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const entry: ZipEntry = {
      name: Buffer.from(name, 'utf8'),
      data,
      compressed: deflateRawSync(data),
      checksum: crc32(data),
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, entry);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by version 2.0
    writeEntryFields(central, 6, entry);
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, entry.compressed);
    centrals.push(central, entry.name);
    offset += local.length + entry.name.length + entry.compressed.length;
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

export function buildIcs(
  uid: string,
  summary: string,
  start: string,
  end: string,
  location: string,
): Buffer {
  return textFile([
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
  ]);
}

export function textFile(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join(CRLF) + CRLF, 'utf8');
}
