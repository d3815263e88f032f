/** The message builder: headers only from the fields, Bcc for the stored copies only, no file or URL access. */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildMessage, smtpBytes, type MessageSpec } from '@/lib/mail/compose/mime';

const spec = (overrides: Partial<MessageSpec> = {}): MessageSpec => ({
  from: { name: 'Alice Ärger', address: 'alice@tern.test' },
  to: [{ name: 'Bob', address: 'bob@tern.test' }],
  cc: [{ name: '', address: 'carol@tern.test' }],
  bcc: [{ name: 'Dan', address: 'dan@tern.test' }],
  subject: 'Quarterly report',
  messageId: '<AAAAAAAAAAAAAAAAAAAAAA@tern.test>',
  date: new Date('2026-03-03T10:00:00Z'),
  body: { text: 'Hello\nthere' },
  related: [],
  attachments: [],
  ...overrides,
});

function headerBlock(message: Buffer): string {
  const text = message.toString('latin1');
  return text.slice(0, text.indexOf('\r\n\r\n'));
}

function fieldNames(message: Buffer): string[] {
  return headerBlock(message)
    .split(/\r\n(?![ \t])/)
    .map((field) => field.slice(0, field.indexOf(':')).toLowerCase());
}

describe('buildMessage', () => {
  it('writes the root header fields from the fields alone', async () => {
    const message = await buildMessage(
      spec({ threading: { inReplyTo: '<a@x.org>', references: ['<r@x.org>', '<a@x.org>'] } }),
    );
    expect(fieldNames(message).sort()).toEqual(
      [
        'from',
        'to',
        'cc',
        'bcc',
        'in-reply-to',
        'references',
        'subject',
        'message-id',
        'date',
        'content-transfer-encoding',
        'mime-version',
        'content-type',
      ].sort(),
    );
    const head = headerBlock(message);
    expect(head).toContain('From: =?UTF-8?Q?Alice_=C3=84rger?= <alice@tern.test>');
    expect(head).toContain('To: Bob <bob@tern.test>');
    expect(head).toContain('Bcc: Dan <dan@tern.test>');
    expect(head).toContain('Message-ID: <AAAAAAAAAAAAAAAAAAAAAA@tern.test>');
    expect(head).toContain('Date: Tue, 03 Mar 2026 10:00:00 +0000');
    expect(head).toContain('In-Reply-To: <a@x.org>');
    expect(head).toContain('References: <r@x.org> <a@x.org>');
  });

  it('ends every line with CRLF, as APPEND needs', async () => {
    const message = (await buildMessage(spec())).toString('latin1');
    expect(message).toContain('Hello\r\nthere');
    expect(message.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('builds HTML with its text alternative, related images and attachments byte for byte', async () => {
    const file = Buffer.from('line one\nline two\r\n\u0000binary');
    const message = await buildMessage(
      spec({
        body: { text: 'Hi', html: '<p>Hi <img src="cid:img1@tern.test"></p>' },
        related: [
          {
            cid: 'img1@tern.test',
            contentType: 'image/png',
            content: Readable.from([Buffer.from('PNG')]),
          },
        ],
        attachments: [
          { filename: 'notes.txt', contentType: 'text/plain', content: Readable.from([file]) },
        ],
      }),
    );
    const text = message.toString('latin1');
    expect(text).toMatch(/Content-Type: multipart\/mixed/);
    expect(text).toMatch(/Content-Type: multipart\/alternative/);
    expect(text).toMatch(/Content-Type: multipart\/related/);
    expect(text).toContain('Content-ID: <img1@tern.test>');
    expect(text).toContain(`Content-Disposition: attachment; filename=notes.txt`);
    expect(text).toContain(file.toString('base64'));
  });

  it('refuses content that points at a file or a URL', async () => {
    for (const [content, code] of [
      [{ path: '/etc/passwd' }, 'EFILEACCESS'],
      [{ href: 'http://127.0.0.1:1/secret' }, 'EURLACCESS'],
    ] as const) {
      const forced = spec({
        attachments: [
          { filename: 'x', contentType: 'text/plain', content: content as unknown as Readable },
        ],
      });
      await expect(buildMessage(forced)).rejects.toMatchObject({ code });
    }
  });

  it('passes on the failure of a content stream', async () => {
    const broken = new Readable({
      read() {
        this.destroy(Object.assign(new Error('gone'), { code: 'GONE' }));
      },
    });
    await expect(
      buildMessage(
        spec({ attachments: [{ filename: 'x', contentType: 'text/plain', content: broken }] }),
      ),
    ).rejects.toMatchObject({ code: 'GONE' });
  });
});

describe('smtpBytes', () => {
  it('drops the Bcc field, folded lines included, and nothing else', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      name: `Person ${i}`,
      address: `p${i}@tern.test`,
    }));
    const stored = await buildMessage(spec({ bcc: many }));
    expect(headerBlock(stored)).toMatch(/Bcc: Person 0 <p0@tern.test>, .*\r\n <p2@tern.test>/);
    const sent = smtpBytes(stored);
    expect(fieldNames(sent)).not.toContain('bcc');
    expect(sent.toString('latin1')).not.toMatch(/p\d+@tern\.test/);
    const withoutBcc = headerBlock(stored)
      .split(/\r\n(?![ \t])/)
      .filter((f) => !f.startsWith('Bcc:'))
      .join('\r\n');
    expect(headerBlock(sent)).toBe(withoutBcc);
    const body = (m: Buffer) => m.subarray(m.indexOf('\r\n\r\n'));
    expect(body(sent).equals(body(stored))).toBe(true);
  });

  it('leaves a message without Bcc as it is, and never looks past the header block', async () => {
    const plain = await buildMessage(spec({ bcc: [], body: { text: 'Bcc: not a header\r\n' } }));
    expect(smtpBytes(plain)).toBe(plain);
  });
});
