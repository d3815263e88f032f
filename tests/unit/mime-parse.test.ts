/**
 * Tern's own MIME parser, the fallback for what the server's BODYSTRUCTURE cannot give: when it
 * applies, what it finds (unsplittable multiparts, BinHex, uuencode in the text and as a
 * transfer encoding, TNEF kept byte for byte) and how its files are named for downloads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImapBodyPart } from '@/lib/imap/client';
import { parsedAttachments, parsedIndex, parserReason, type ParserInput } from '@/lib/mail/parsed';
import { partIdParam } from '@/lib/mail/part';
import type { Attachment } from '@/lib/mail/types';
import { decodeBinHex } from '@/lib/mime/binhex';
import { parseLimits, parseSource } from '@/lib/mime/parse';
import { layoutOf } from '@/lib/mime/structure';
import { unpack } from '@/lib/mime/unpack';
import { extractUuencoded } from '@/lib/mime/uuencode';
import { corpusRoot, corpusSkipReason, hasCorpus } from '../support/corpus.ts';
import { binHex, png, uuencode } from '../support/encoders.ts';

const crlf = (...lines: string[]) => lines.join('\r\n');
const message = (headers: string[], body: string) =>
  Buffer.from(crlf('From: a@tern.test', 'Subject: test', ...headers, '', body), 'latin1');

describe('BinHex 4.0', () => {
  it('decodes the data fork, runs and literal 0x90 bytes included', () => {
    const data = Buffer.concat([png, Buffer.alloc(40, 7), Buffer.from([0x90, 0x90, 1])]);
    const decoded = decodeBinHex(Buffer.from(binHex('pixel.png', data)));
    expect(decoded?.name).toBe('pixel.png');
    expect(decoded?.data.equals(data)).toBe(true);
  });

  it('refuses what is damaged or not BinHex at all', () => {
    const good = binHex('pixel.png', png);
    const damaged = good.replace(/(\r\n:.{10})./, (_, kept: string) => `${kept}!`);
    expect(decodeBinHex(Buffer.from(damaged))).toBeUndefined();
    expect(decodeBinHex(Buffer.from('no colon here'))).toBeUndefined();
    expect(decodeBinHex(Buffer.from(':only one colon'))).toBeUndefined();
  });

  it.skipIf(!hasCorpus)('decodes Eudora’s blueball.png to the original file', () => {
    const mail = readFileSync(path.join(corpusRoot, 'mime/mail-mime-parser/emails/m2011.txt'));
    const start = mail.indexOf('(This file must be converted');
    const decoded = decodeBinHex(mail.subarray(start));
    const original = path.join(corpusRoot, 'mime/mail-mime-parser/_attachments/blueball.png');
    expect(decoded?.data.equals(readFileSync(original))).toBe(true);
  });
  if (!hasCorpus) console.warn(`mime-parse: the corpus case skipped, ${corpusSkipReason}`);
});

describe('files uuencoded into a text', () => {
  it('takes each complete block out of the text as a file', () => {
    const text = crlf(
      'Two pictures:',
      uuencode(png, '`', 'a.png'),
      'and',
      uuencode(png, '`', 'b b.png'),
    );
    const { text: rest, files } = extractUuencoded(text);
    expect(files.map((f) => f.filename)).toEqual(['a.png', 'b b.png']);
    expect(files.every((f) => f.content.equals(png))).toBe(true);
    expect(rest).toBe(crlf('Two pictures:', '', 'and', ''));
  });

  it('leaves a block that is cut off or holds prose in the text', () => {
    const cut = crlf('begin 644 a.png', 'M86)C', '');
    expect(extractUuencoded(cut)).toEqual({ text: cut, files: [] });
    const prose = crlf('begin 644 the meeting', 'we talk about it', 'end');
    expect(extractUuencoded(prose)).toEqual({ text: prose, files: [] });
  });
});

describe('parsing a whole source', () => {
  it('splits a multipart whose Content-Type the server cannot read', async () => {
    const source = message(
      ['MIME-Version: 1.0', 'Content-Type: multipart/mixed;;', ' Boundary="b b"'],
      crlf(
        '--b b',
        'Content-Type: text/plain',
        '',
        'words',
        '--b b',
        'Content-Type: message/rfc822',
        'Content-Disposition: attachment',
        '',
        'Subject: inner',
        '',
        'inner words',
        '--b b--',
      ),
    );
    const parsed = await parseSource(source);
    expect(parsed?.text?.trim()).toBe('words');
    expect(parsed?.parts).toEqual([
      expect.objectContaining({ partId: '2', contentType: 'message/rfc822' }),
    ]);
    expect(parsed?.parts[0]?.content.toString()).toContain('inner words');
  });

  it('keeps TNEF as it is, byte for byte, and decodes uuencoded and BinHex parts', async () => {
    const tnef = Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0x00, 0x90, 0xff]);
    const source = message(
      ['MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=b'],
      crlf(
        '--b',
        'Content-Type: text/plain',
        '',
        'See attached.',
        '--b',
        'Content-Type: application/ms-tnef; name="winmail.dat"',
        'Content-Transfer-Encoding: base64',
        '',
        tnef.toString('base64'),
        '--b',
        'Content-Type: image/png; name="uu.png"',
        'Content-Transfer-Encoding: x-uuencode',
        'Content-Disposition: attachment; filename="uu.png"',
        '',
        uuencode(png),
        '--b',
        'Content-Type: application/mac-binhex40; name="mac.png"',
        '',
        binHex('mac.png', png),
        '--b--',
      ),
    );
    const unpacked = unpack((await parseSource(source))!);
    expect(unpacked.files.map((f) => [f.filename, f.contentType, f.partId, f.inPart])).toEqual([
      ['winmail.dat', 'application/ms-tnef', '2', undefined],
      ['uu.png', 'image/png', '3', undefined],
      ['mac.png', 'image/png', undefined, '4'],
    ]);
    expect(unpacked.files[0]!.content.equals(tnef)).toBe(true);
    expect(unpacked.files[1]!.content.equals(png)).toBe(true);
    expect(unpacked.files[2]!.content.equals(png)).toBe(true);
  });

  it('lists files uuencoded into the text after the MIME parts', async () => {
    const source = message([], crlf('Hello,', uuencode(png, '`', 'ball.png'), 'bye'));
    const unpacked = unpack((await parseSource(source))!);
    expect(unpacked.text).not.toContain('begin 644');
    expect(unpacked.text).toContain('bye');
    expect(unpacked.files).toEqual([
      expect.objectContaining({
        filename: 'ball.png',
        contentType: 'image/png',
        partId: undefined,
      }),
    ]);
  });

  it('refuses a source beyond the limits instead of parsing it', async () => {
    const many = Array.from({ length: parseLimits.parts + 1 }, () =>
      crlf('--b', 'Content-Type: text/plain', '', 'x'),
    );
    const source = message(['Content-Type: multipart/mixed; boundary=b'], many.join('\r\n'));
    expect(await parseSource(source)).toBeUndefined();
    const nested = Array.from(
      { length: parseLimits.multiparts + 1 },
      (_, i) => `Content-Type: multipart/mixed; boundary=b${i}\r\n\r\n--b${i}`,
    ).join('\r\n');
    expect(await parseSource(message([], nested))).toBeUndefined();
  });
});

describe('when Tern’s own parser reads a message', () => {
  const leaf = (part: string | undefined, type: string, extra: Partial<ImapBodyPart> = {}) =>
    ({ part, type, encoding: '7bit', size: 100, ...extra }) as ImapBodyPart;
  const input = (structure: ImapBodyPart, extra: Partial<ParserInput> = {}): ParserInput => ({
    structure,
    layout: layoutOf(structure),
    contentType: undefined,
    size: 5000,
    texts: [],
    ...extra,
  });
  const mixed = (...childNodes: ImapBodyPart[]) =>
    ({ type: 'multipart/mixed', childNodes }) as ImapBodyPart;

  it('applies when the server could not split the message, or could not decode a part', () => {
    const unsplit = mixed(leaf('1', 'text/plain', { size: 0 }));
    expect(parserReason(input(unsplit))).toBe('unsplit');
    const single = leaf(undefined, 'text/plain');
    expect(parserReason(input(single, { contentType: 'multipart/mixed;; boundary=x' }))).toBe(
      'unsplit',
    );
    const binhex = mixed(leaf('1', 'text/plain'), leaf('2', 'application/mac-binhex40'));
    expect(parserReason(input(binhex))).toBe('binhex');
    expect(parserReason(input(single, { texts: [uuencode(png)] }))).toBe('uuencoded');
  });

  it('does not apply to an ordinary message, a too large one, or one beyond the limits', () => {
    const single = leaf(undefined, 'text/plain');
    expect(parserReason(input(single, { texts: ['Hello'], contentType: 'text/plain' }))).toBe(
      undefined,
    );
    const texts = [uuencode(png)];
    expect(parserReason(input(single, { texts, size: parseLimits.bytes + 1 }))).toBe(undefined);
    const tooComplex = { ...layoutOf(single), tooComplex: true };
    expect(parserReason(input(single, { texts, layout: tooComplex }))).toBe(undefined);
  });

  const listedBase: Attachment = {
    partId: '1',
    filename: '',
    contentType: 'application/octet-stream',
    size: 1,
    disposition: 'attachment',
    contentId: null,
  };

  it('names the files only it finds 0.n, and keeps the server’s parts and their numbers', () => {
    const listed: Attachment[] = [
      { ...listedBase, partId: '2', filename: 'report.pdf', contentType: 'application/pdf' },
      { ...listedBase, partId: '3', filename: 'mac.hqx' },
      { ...listedBase, partId: '4', filename: 'only-the-server.bin' },
    ];
    const file = {
      contentType: 'image/png',
      disposition: undefined,
      contentId: null,
      content: png,
    };
    const attachments = parsedAttachments(
      [
        { ...file, filename: 'report.pdf', partId: '2' },
        { ...file, filename: 'mac.png', partId: undefined, inPart: '3' },
        { ...file, filename: undefined, partId: undefined, contentId: 'logo' },
      ],
      listed,
    );
    expect(attachments.map((a) => [a.partId, a.filename, a.disposition])).toEqual([
      ['2', 'report.pdf', 'attachment'],
      ['0.2', 'mac.png', 'attachment'],
      ['0.3', 'attachment-3.png', 'inline'],
      ['4', 'only-the-server.bin', 'attachment'],
    ]);
    expect(attachments[1]!.size).toBe(png.length);
  });

  it('accepts 0.n part numbers and no other part 0', () => {
    expect(parsedIndex('0.1')).toBe(0);
    expect(parsedIndex('0.12')).toBe(11);
    expect(parsedIndex('1.2')).toBeUndefined();
    for (const good of ['1', '1.2', '0.1', '0.9999'])
      expect(partIdParam.safeParse(good).success).toBe(true);
    for (const bad of ['0', '0.0', '00.1', '0.1.2', '0.01', '1.0'])
      expect(partIdParam.safeParse(bad).success).toBe(false);
  });
});
