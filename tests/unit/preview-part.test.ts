import { describe, expect, it } from 'vitest';
import type { ImapBodyPart } from '@/lib/imap/client';
import { previewSource } from '@/lib/mail/preview-part';

const plain = (part: string, extra: Partial<ImapBodyPart> = {}): ImapBodyPart => ({
  part,
  type: 'text/plain',
  parameters: { charset: 'utf-8' },
  encoding: 'quoted-printable',
  ...extra,
});
const htmlPart = (part: string): ImapBodyPart => ({
  part,
  type: 'text/html',
  parameters: { charset: 'iso-8859-1' },
  encoding: 'base64',
});
const pdf = (part: string): ImapBodyPart => ({
  part,
  type: 'application/pdf',
  disposition: 'attachment',
  dispositionParameters: { filename: 'invoice.pdf' },
  encoding: 'base64',
});
const multipart = (type: string, childNodes: ImapBodyPart[], part?: string): ImapBodyPart => ({
  part,
  type: `multipart/${type}`,
  childNodes,
});

describe('the part a preview is read from', () => {
  it('reads a single-part message from section 1', () => {
    const { part: _, ...single } = plain('');
    expect(
      previewSource({
        ...single,
        parameters: { charset: 'UTF-8', format: 'flowed', delsp: 'yes' },
      }),
    ).toEqual({
      section: '1',
      length: 2048,
      kind: 'plain',
      encoding: 'quoted-printable',
      charset: 'UTF-8',
      delsp: true,
    });
  });

  it('prefers the plain text of an alternative, and finds it inside mixed', () => {
    const alternative = multipart('alternative', [htmlPart('1'), plain('2')]);
    expect(previewSource(alternative)).toMatchObject({ section: '2', kind: 'plain' });
    const mixed = multipart('mixed', [
      multipart('alternative', [plain('1.1'), htmlPart('1.2')], '1'),
      pdf('2'),
    ]);
    expect(previewSource(mixed)).toMatchObject({ section: '1.1', kind: 'plain' });
  });

  it('reads HTML when there is no plain text, with more bytes', () => {
    const related = multipart('related', [
      htmlPart('1'),
      { part: '2', type: 'image/png', id: '<logo>', disposition: 'inline' },
    ]);
    expect(previewSource(related)).toMatchObject({
      section: '1',
      kind: 'html',
      length: 8192,
      charset: 'iso-8859-1',
      encoding: 'base64',
    });
  });

  it('skips text that is attached, and attached messages', () => {
    const attachedText = plain('1', {
      disposition: 'attachment',
      dispositionParameters: { filename: 'notes.txt' },
    });
    const namedText = plain('3', { parameters: { name: 'log.txt' } });
    const forwarded: ImapBodyPart = {
      part: '2',
      type: 'message/rfc822',
      childNodes: [plain('2.1')],
    };
    expect(previewSource(multipart('mixed', [attachedText, forwarded, namedText]))).toBeUndefined();
    expect(previewSource(multipart('mixed', [attachedText, htmlPart('2')]))).toMatchObject({
      section: '2',
    });
  });

  it('finds nothing in a message of only an attachment', () => {
    expect(previewSource(multipart('mixed', [pdf('1')]))).toBeUndefined();
    expect(previewSource({ type: 'application/pdf', encoding: 'base64' })).toBeUndefined();
  });
});
