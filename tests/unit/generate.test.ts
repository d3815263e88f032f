import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
// The generator is checked against the raw parser on purpose, independent of the app's MIME layer.
// eslint-disable-next-line no-restricted-imports
import { simpleParser, type ParsedMail } from 'mailparser';
import { generateMessages, type GeneratedMessage } from '../../scripts/stack/generate.ts';

const OWNER = 'demo@tern.test';
const SEED = 42;
const COUNT = 400;
const END = new Date('2026-11-01T12:00:00Z');
const FIVE_YEARS_MS = 5 * 365.2425 * 24 * 60 * 60 * 1000;

interface Sample {
  readonly message: GeneratedMessage;
  readonly raw: string;
  readonly parsed: ParsedMail;
}

function generate(count: number, folder?: string, seed = SEED): GeneratedMessage[] {
  return [
    ...generateMessages({
      count,
      recipient: OWNER,
      seed,
      ...(folder === undefined ? {} : { folder }),
    }),
  ];
}

/** The raw header block, unfolded, for checks mailparser normalizes away. */
function rawHeaders(raw: string): string {
  return raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]/g, ' ');
}

function rawHeader(raw: string, name: string): string | undefined {
  const match = new RegExp(`^${name}: (.*)$`, 'im').exec(rawHeaders(raw));
  return match?.[1];
}

/** mailparser leaves html undefined (not false, as typed) for text-only mail. */
function htmlOf(parsed: ParsedMail): string {
  return typeof parsed.html === 'string' ? parsed.html : '';
}

function references(parsed: ParsedMail): string[] {
  const value = parsed.references;
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every non-ASCII character must belong to the script the charset is for. */
const SCRIPTS: Readonly<Record<string, { readonly only: RegExp; readonly has: RegExp }>> = {
  shift_jis: {
    only: /^[\x00-\x7f\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uff00-\uffef]*$/,
    has: /[\u3040-\u30ff]/, // kana: really Japanese, not just CJK ideographs
  },
  'windows-1251': { only: /^[\x00-\x7f\u0400-\u04ff]*$/, has: /[\u0400-\u04ff]/ },
  gb18030: {
    only: /^[\x00-\x7f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]*$/,
    has: /[\u4e00-\u9fff]/,
  },
  'iso-8859-1': { only: /^[\x00-\x7f\u00a0-\u00ff]*$/, has: /[\u00c0-\u00ff]/ },
};

function legacyCharset(raw: string): string | undefined {
  return /charset="?(Shift_JIS|windows-1251|GB18030|ISO-8859-1)/i.exec(raw)?.[1]?.toLowerCase();
}

/** Walks PNG chunks and checks every CRC, so a viewer would accept the file. */
function pngChunksValid(data: Buffer): boolean {
  let offset = 8;
  const types: string[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const typeAndData = data.subarray(offset + 4, offset + 8 + length);
    if (crc32(typeAndData) !== data.readUInt32BE(offset + 8 + length)) return false;
    types.push(typeAndData.subarray(0, 4).toString('latin1'));
    offset += 12 + length;
  }
  return types[0] === 'IHDR' && types.includes('IDAT') && types[types.length - 1] === 'IEND';
}

/** Checks that startxref and every xref entry point at the right places. */
function pdfXrefValid(data: Buffer): boolean {
  const text = data.toString('latin1');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  if (!text.startsWith('xref', startxref)) return false;
  const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)];
  return (
    entries.length > 0 &&
    entries.every((entry, index) => text.startsWith(`${index + 1} 0 obj`, Number(entry[1])))
  );
}

describe('generateMessages', () => {
  let samples: Sample[] = [];

  beforeAll(async () => {
    const messages = generate(COUNT);
    samples = [];
    for (const message of messages) {
      const raw = message.raw.toString('latin1');
      // Keep cid: links so the HTML can be checked against the inline parts.
      samples.push({
        message,
        raw,
        parsed: await simpleParser(message.raw, { keepCidLinks: true }),
      });
    }
  }, 60_000);

  it('yields the requested number of parseable messages', () => {
    expect(samples).toHaveLength(COUNT);
    for (const { parsed } of samples) {
      expect(parsed.messageId).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
      expect(parsed.subject ?? '').not.toBe('');
      expect(parsed.from?.value[0]?.address).toMatch(/@/);
    }
  });

  it('writes 7-bit CRLF messages with short lines', () => {
    for (const { message, raw } of samples) {
      expect(message.raw.every((byte) => byte < 0x80)).toBe(true);
      expect(/[^\r]\n|\r(?!\n)/.test(raw)).toBe(false);
      expect(raw.endsWith('\r\n')).toBe(true);
      for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
      const headerLines = raw.slice(0, raw.indexOf('\r\n\r\n')).split('\r\n');
      for (const line of headerLines) expect(line.length).toBeLessThanOrEqual(78);
    }
  });

  it('yields strictly ascending dates over five years that match the Date header', () => {
    let previous = -Infinity;
    for (const { message, parsed } of samples) {
      const time = message.date.getTime();
      expect(time).toBeGreaterThan(previous);
      expect(parsed.date?.getTime()).toBe(time);
      previous = time;
    }
    const first = samples[0]?.message.date.getTime() ?? 0;
    expect(first).toBeGreaterThanOrEqual(END.getTime() - FIVE_YEARS_MS);
    expect(previous).toBeLessThanOrEqual(END.getTime());
    // The zones vary, while the instant stays exact (checked above).
    const zones = new Set(samples.map(({ raw }) => rawHeader(raw, 'Date')?.slice(-5)));
    expect(zones.size).toBeGreaterThanOrEqual(5);
  });

  it('gives every message a unique Message-ID', () => {
    const ids = samples.map(({ parsed }) => parsed.messageId);
    expect(new Set(ids).size).toBe(COUNT);
  });

  it('threads replies to earlier messages', () => {
    const seen = new Set<string>();
    let replies = 0;
    for (const { parsed } of samples) {
      if (parsed.inReplyTo !== undefined) {
        replies++;
        expect(parsed.subject).toMatch(/^Re: /);
        expect(seen.has(parsed.inReplyTo)).toBe(true);
        const refs = references(parsed);
        expect(refs.length).toBeGreaterThanOrEqual(1);
        expect(refs.length).toBeLessThanOrEqual(7);
        expect(refs[refs.length - 1]).toBe(parsed.inReplyTo);
        for (const ref of refs) expect(seen.has(ref)).toBe(true);
      }
      if (parsed.messageId !== undefined) seen.add(parsed.messageId);
    }
    expect(replies / COUNT).toBeGreaterThan(0.2);
    expect(replies / COUNT).toBeLessThan(0.5);
  });

  it('decodes every legacy charset to text in the right script', () => {
    const found = new Set<string>();
    for (const { raw, parsed } of samples) {
      const charset = legacyCharset(raw);
      if (charset === undefined) continue;
      const script = SCRIPTS[charset];
      if (script === undefined) throw new Error(`unexpected charset ${charset}`);
      found.add(charset);
      const subject = (parsed.subject ?? '').replace(/^Re: /, '');
      expect(rawHeader(raw, 'Subject')).toContain(`=?${/charset="([^"]+)"/.exec(raw)?.[1]}?`);
      expect(subject).toMatch(script.has);
      expect(subject).toMatch(script.only);
      const text = parsed.text ?? '';
      expect(text).toMatch(script.has);
      expect(text).toMatch(script.only);
      if (typeof parsed.html === 'string') expect(htmlOf(parsed)).toMatch(script.has);
    }
    expect([...found].sort()).toEqual(['gb18030', 'iso-8859-1', 'shift_jis', 'windows-1251']);
  });

  it('decodes legacy-charset display names', () => {
    const japanese = samples.find(({ raw }) => /^From: =\?Shift_JIS\?B\?/m.test(raw));
    expect(japanese?.parsed.from?.value[0]?.name).toMatch(
      /^[\u4e00-\u9fff]+ [\u3040-\u30ff\u4e00-\u9fff]+$/,
    );
    const russian = samples.find(({ raw }) => /^From: =\?windows-1251\?B\?/m.test(raw));
    expect(russian?.parsed.from?.value[0]?.name).toMatch(/^[\u0400-\u04ff]+ [\u0400-\u04ff]+$/);
  });

  it('decodes UTF-8 encoded-words without leftovers or replacement characters', () => {
    let encoded = 0;
    for (const { raw, parsed } of samples) {
      const fields = [
        parsed.subject ?? '',
        parsed.text ?? '',
        htmlOf(parsed),
        parsed.from?.text ?? '',
      ];
      for (const field of fields) {
        expect(field).not.toContain('\ufffd');
        expect(field).not.toMatch(/=\?[^?]+\?[BQ]\?/i);
      }
      if (/^Subject: .*=\?UTF-8\?/m.test(rawHeaders(raw))) {
        encoded++;
        expect(parsed.subject).toMatch(/[^\x00-\x7f]/);
      }
    }
    expect(encoded).toBeGreaterThan(0);
  });

  it('covers the MIME structures in roughly the intended proportions', () => {
    const count = (pattern: RegExp): number =>
      samples.filter(({ raw }) => pattern.test(raw)).length / COUNT;
    const topLevel = (type: string): number =>
      samples.filter(({ raw }) => rawHeader(raw, 'Content-Type')?.startsWith(type)).length / COUNT;
    expect(topLevel('text/plain')).toBeGreaterThan(0.25);
    expect(topLevel('text/html')).toBeGreaterThan(0.04);
    expect(topLevel('multipart/alternative')).toBeGreaterThan(0.2);
    expect(topLevel('multipart/mixed')).toBeGreaterThan(0.08);
    expect(count(/multipart\/related/)).toBeGreaterThan(0.005);
    expect(count(/^List-Unsubscribe: /m)).toBeGreaterThan(0);
    const remote = samples.filter(({ parsed }) =>
      htmlOf(parsed).includes('src="https://images.example.com/'),
    );
    expect(remote.length).toBeGreaterThan(0);
    expect(samples.filter(({ parsed }) => parsed.cc !== undefined).length).toBeGreaterThan(0);
  });

  it('attaches valid PDF, PNG, ZIP and calendar files', () => {
    const attachments = samples.flatMap(({ parsed }) => parsed.attachments);
    const pdfs = attachments.filter((a) => a.contentType === 'application/pdf');
    const pngs = attachments.filter((a) => a.contentType === 'image/png');
    const zips = attachments.filter((a) => a.contentType === 'application/zip');
    const calendars = attachments.filter((a) => a.contentType === 'text/calendar');
    for (const list of [pdfs, pngs, zips, calendars]) expect(list.length).toBeGreaterThan(0);
    for (const pdf of pdfs) {
      expect(pdf.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdfXrefValid(pdf.content)).toBe(true);
    }
    for (const png of pngs) {
      expect([...png.content.subarray(0, 8)]).toEqual([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
      ]);
      expect(pngChunksValid(png.content)).toBe(true);
    }
    for (const zip of zips)
      expect(zip.content.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    for (const ics of calendars)
      expect(ics.content.toString('utf8')).toMatch(/^BEGIN:VCALENDAR\r\n/);
    // RFC 2231 names decode too.
    expect(
      attachments.some((a) => a.filename === 'Rechnung März.pdf' || a.filename === 'Übersicht.csv'),
    ).toBe(true);
  });

  it('references inline images by Content-ID from the HTML', () => {
    const related = samples.filter(({ raw }) => raw.includes('multipart/related'));
    expect(related.length).toBeGreaterThan(0);
    for (const { parsed } of related) {
      const inline = parsed.attachments.find(
        (a) => a.contentId !== undefined && a.contentDisposition === 'inline',
      );
      expect(inline?.contentType).toBe('image/png');
      expect(inline?.related).toBe(true);
      const cid = inline?.contentId?.replace(/^<|>$/g, '') ?? '';
      expect(htmlOf(parsed)).toContain(`src="cid:${cid}"`);
    }
  });

  it('uses sorted Maildir flags and marks most old mail as seen', () => {
    let old = 0;
    let oldSeen = 0;
    for (const { message } of samples) {
      expect(message.flags).toMatch(/^D?F?R?S?$/);
      expect([...message.flags].sort().join('')).toBe(message.flags);
      if (END.getTime() - message.date.getTime() > 30 * 24 * 60 * 60 * 1000) {
        old++;
        if (message.flags.includes('S')) oldSeen++;
      }
    }
    expect(oldSeen / old).toBeGreaterThan(0.8);
    expect(samples.some(({ message }) => message.flags.includes('F'))).toBe(true);
    expect(samples.some(({ message }) => message.flags.includes('R'))).toBe(true);
  });

  it('has many distinct senders from reserved domains only', () => {
    const senders = new Set(samples.map(({ parsed }) => parsed.from?.value[0]?.address));
    expect(senders.size).toBeGreaterThan(100);
    for (const { raw, parsed } of samples) {
      for (const [, domain] of rawHeaders(raw).matchAll(/@([a-z0-9.-]+\.[a-z]+)/gi)) {
        expect(domain).toMatch(/(^|\.)(example\.(com|org|net)|tern\.test)$/);
      }
      const bodies = `${parsed.text ?? ''}\n${htmlOf(parsed)}`;
      for (const [, host] of bodies.matchAll(/https?:\/\/([^/"\s?]+)/g)) {
        expect(host).toMatch(/(^|\.)example\.com$/);
      }
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generate(COUNT);
    expect(again.length).toBe(COUNT);
    again.forEach((message, index) => {
      expect(message.raw.equals(samples[index]?.message.raw ?? Buffer.alloc(0))).toBe(true);
      expect(message.flags).toBe(samples[index]?.message.flags);
    });
    const other = generate(20, undefined, SEED + 1);
    expect(other[0]?.raw.equals(again[0]?.raw ?? Buffer.alloc(0))).toBe(false);
  });

  it('makes the owner the author in Sent, and marks it all seen', async () => {
    const sent = generate(60, 'Sent');
    for (const message of sent) {
      expect(message.flags).toMatch(/^F?S$/);
      const parsed = await simpleParser(message.raw);
      expect(parsed.from?.value[0]?.address).toBe(OWNER);
      const to = [parsed.to ?? []]
        .flat()
        .flatMap((group) => group.value.map((mailbox) => mailbox.address));
      expect(to).not.toContain(OWNER);
    }
  });

  it('marks drafts with D only', () => {
    const drafts = generate(30, 'Drafts');
    for (const message of drafts) {
      expect(message.flags).toBe('D');
      expect(rawHeader(message.raw.toString('latin1'), 'From')).toContain(OWNER);
    }
  });

  it('respects a custom end date', () => {
    const end = new Date('2024-03-15T08:00:00Z');
    const messages = [...generateMessages({ count: 50, recipient: OWNER, seed: 7, end })];
    for (const message of messages) {
      expect(message.date.getTime()).toBeLessThanOrEqual(end.getTime());
      expect(message.date.getTime()).toBeGreaterThanOrEqual(end.getTime() - FIVE_YEARS_MS);
    }
  });

  it('rejects invalid options up front', () => {
    expect(() => generateMessages({ count: -1, recipient: OWNER })).toThrow(RangeError);
    expect(() => generateMessages({ count: 1, recipient: 'not an address' })).toThrow(TypeError);
    expect(() =>
      generateMessages({ count: 1, recipient: OWNER, end: new Date(Number.NaN) }),
    ).toThrow(RangeError);
  });
});
