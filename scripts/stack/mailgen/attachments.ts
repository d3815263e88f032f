/** Attachment parts: built and base64-encoded once per process, shared by every message. */
import { CRLF, base64Lines, encodeWords, isAscii, rfc2231Value } from './encoding.ts';
import { buildIcs, buildPdf, buildZip, textFile } from './file-formats.ts';
import { encodePng, paintChart, paintLogo, paintPhoto, paintScreenshot } from './png.ts';

export type AttachmentKind = 'pdf' | 'png' | 'csv' | 'txt' | 'ics' | 'zip';

export interface Attachment {
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

export function fixtures(): Fixtures {
  fixtureCache ??= buildFixtures();
  return fixtureCache;
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
