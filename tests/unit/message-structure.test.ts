import { describe, expect, it } from 'vitest';
import type { ImapBodyPart } from '@/lib/imap/client';
import { headerValues, messageIds, unsubscribeTargets } from '@/lib/mime/headers';
import { layoutOf, structureLimits } from '@/lib/mime/structure';
import { zipEntryNames } from '@/lib/mail/attachments-zip';
import { contentDisposition } from '@/lib/mail/part';

const leaf = (part: string | undefined, type: string, extra: Partial<ImapBodyPart> = {}) =>
  ({ part, type, encoding: '7bit', size: 100, ...extra }) as ImapBodyPart;
const multi = (type: string, childNodes: ImapBodyPart[], part?: string) =>
  ({ part, type: `multipart/${type}`, childNodes }) as ImapBodyPart;

describe('message layout from BODYSTRUCTURE', () => {
  it('reads a single-part message as part 1', () => {
    const layout = layoutOf(leaf(undefined, 'text/plain'));
    expect(layout.body).toEqual([
      { partId: '1', kind: 'text', size: 100, encoding: '7bit', charset: undefined, delsp: false },
    ]);
    expect(layout.attachments).toEqual([]);
  });

  it('shows the HTML of an alternative and keeps its text version', () => {
    const layout = layoutOf(
      multi('alternative', [leaf('1', 'text/plain'), leaf('2', 'text/html')]),
    );
    expect(layout.body.map((b) => [b.partId, b.kind])).toEqual([
      ['2', 'html'],
      ['1', 'text'],
    ]);
  });

  it('lists attachments with names, decoded sizes and inline images by Content-ID', () => {
    const layout = layoutOf(
      multi('mixed', [
        multi(
          'related',
          [
            leaf('1.1', 'text/html'),
            leaf('1.2', 'image/png', { id: '<logo@x>', encoding: 'base64', size: 1368 }),
          ],
          '1',
        ),
        leaf('2', 'application/pdf', {
          disposition: 'attachment',
          dispositionParameters: { filename: 'invoice\u0007.pdf' },
        }),
        leaf('3', 'message/rfc822'),
      ]),
    );
    expect(layout.body.map((b) => b.partId)).toEqual(['1.1']);
    expect(layout.inline.get('logo@x')).toBe('1.2');
    expect(layout.attachments).toEqual([
      expect.objectContaining({ partId: '1.2', contentId: 'logo@x', size: 1000 }),
      expect.objectContaining({ partId: '2', filename: 'invoice.pdf', disposition: 'attachment' }),
      expect.objectContaining({ partId: '3', filename: 'message-3.eml' }),
    ]);
  });

  it('treats a named text part as an attachment, not as the body', () => {
    const layout = layoutOf(
      multi('mixed', [
        leaf('1', 'text/plain'),
        leaf('2', 'text/plain', { parameters: { name: 'notes.txt' } }),
      ]),
    );
    expect(layout.body.map((b) => b.partId)).toEqual(['1']);
    expect(layout.attachments.map((a) => a.filename)).toEqual(['notes.txt']);
  });

  it('lists an alternative it does not show, such as an invitation, as an attachment', () => {
    const layout = layoutOf(
      multi('alternative', [
        leaf('1', 'text/plain'),
        leaf('2', 'text/html'),
        leaf('3', 'text/calendar', { parameters: { method: 'REQUEST' } }),
        multi('related', [leaf('4.1', 'text/html')], '4'),
      ]),
    );
    expect(layout.body.map((b) => b.partId)).toEqual(['4.1', '1']);
    expect(layout.attachments).toEqual([
      expect.objectContaining({
        partId: '3',
        contentType: 'text/calendar',
        filename: 'attachment-1.ics',
      }),
    ]);
  });

  it('shows the whole body of a multipart the server could not split', () => {
    // mimekit content-length.mbox #1: "multipart/mixed;;" hides its boundary from Dovecot.
    const unsplit = multi('mixed', [leaf('1', 'text/plain', { size: 0 })]);
    expect(layoutOf(unsplit).body).toEqual([
      { partId: 'TEXT', kind: 'text', size: 0, encoding: '', charset: undefined, delsp: false },
    ]);
    const split = multi('mixed', [leaf('1', 'text/plain', { size: 0 }), leaf('2', 'image/png')]);
    expect(layoutOf(split).body.map((b) => b.partId)).toEqual(['1']);
    const nested = multi('mixed', [multi('related', [leaf('1.1', 'text/html', { size: 0 })], '1')]);
    expect(layoutOf(nested).body.map((b) => b.partId)).toEqual(['1.1']);
  });

  it('shows a named text file sent inline and lists it for download too', () => {
    // Netscape 4 attaches text files inline (mail-mime-parser m1016).
    const layout = layoutOf(
      multi('mixed', [
        leaf('1', 'text/plain'),
        leaf('2', 'text/plain', {
          disposition: 'inline',
          dispositionParameters: { filename: 'farmerandstork.txt' },
        }),
      ]),
    );
    expect(layout.body.map((b) => b.partId)).toEqual(['1', '2']);
    expect(layout.attachments).toEqual([
      expect.objectContaining({
        partId: '2',
        filename: 'farmerandstork.txt',
        disposition: 'inline',
      }),
    ]);
  });

  it('reads a text part without a charset of its own in its multipart’s charset', () => {
    // letters' multipart/signed samples declare the charset only on the multipart; Dovecot
    // reports US-ASCII for a text part that declares none.
    const signed = {
      ...multi('signed', [
        leaf('1', 'text/plain', { parameters: { charset: 'us-ascii' } }),
        leaf('2', 'text/plain', { parameters: { charset: 'utf-8' } }),
        leaf('3', 'text/plain'),
      ]),
      parameters: { charset: 'ISO-2022-JP', protocol: 'application/pkcs7-signature' },
    } as ImapBodyPart;
    expect(layoutOf(signed).body.map((b) => b.charset)).toEqual([
      'ISO-2022-JP',
      'utf-8',
      'ISO-2022-JP',
    ]);
    expect(
      layoutOf(leaf(undefined, 'text/plain', { parameters: { charset: 'US-ASCII' } })).body[0]!
        .charset,
    ).toBe('US-ASCII');
  });

  it('gives up on structures nested or split beyond the limits', () => {
    let deep: ImapBodyPart = leaf('1', 'text/plain');
    for (let i = 0; i <= structureLimits.depth; i++) deep = multi('mixed', [deep]);
    expect(layoutOf(deep).tooComplex).toBe(true);
    const wide = multi(
      'mixed',
      Array.from({ length: structureLimits.parts + 1 }, (_, i) => leaf(String(i + 1), 'image/png')),
    );
    expect(layoutOf(wide).tooComplex).toBe(true);
  });
});

describe('header fields beyond the envelope', () => {
  it('unfolds header lines and collects repeated fields', () => {
    const block = Buffer.from(
      'References: <a@x>\r\n <b@x>\r\nList-Unsubscribe: <mailto:u@x?subject=stop>,\r\n\t<https://x.test/u?id=1>, <javascript:alert(1)>\r\n\r\n',
    );
    const values = headerValues(block);
    expect(messageIds(values.get('references')?.join(' '))).toEqual(['<a@x>', '<b@x>']);
    expect(unsubscribeTargets(values.get('list-unsubscribe')?.join(','))).toEqual([
      'mailto:u@x?subject=stop',
      'https://x.test/u?id=1',
    ]);
  });

  it('bounds what it keeps from hostile headers', () => {
    const many = Array.from({ length: 500 }, (_, i) => `<id${i}@x>`).join(' ');
    expect(messageIds(many)).toHaveLength(100);
    expect(headerValues(undefined).size).toBe(0);
  });
});

describe('Content-Disposition for downloads (RFC 6266)', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Résumé "final".pdf')).toBe(
      `attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`,
    );
  });

  it('cannot be broken out of with quotes, line breaks or paths', () => {
    const header = contentDisposition('attachment', '../../x\r\nSet-Cookie: a=b;".html');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[^\s;"]+$/);
  });
});

describe('zip entry names', () => {
  it('strips paths and gives each name once', () => {
    const named = (filename: string) => ({
      partId: '2',
      filename,
      contentType: 'application/pdf',
      size: 1,
      disposition: 'attachment' as const,
      contentId: null,
    });
    expect(
      zipEntryNames([
        named('report.pdf'),
        named('Report.pdf'),
        named('../../etc/passwd'),
        named('..hidden'),
        named('report.pdf'),
      ]),
    ).toEqual(['report.pdf', 'Report (2).pdf', '__.._etc_passwd', '_hidden', 'report (3).pdf']);
  });
});
