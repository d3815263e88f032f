/** The compose payload: a line break or control character in any header field is a 400 naming that field. */
import { describe, expect, it } from 'vitest';
import { composeIdOf, messageIdFor, sendRequest } from '@/lib/mail/compose/schema';

const valid = {
  composeId: 'AAAAAAAAAAAAAAAAAAAAAA',
  revision: 1,
  to: [{ name: 'Bob', address: 'bob@tern.test' }],
  subject: 'Hello',
  body: { mode: 'text', text: 'Hi' },
  attachments: [
    {
      ref: { kind: 'upload', id: 'abcdefghijklmnop' },
      filename: 'a.txt',
      contentType: 'text/plain',
      size: 3,
    },
  ],
};

/** The field a failure names, as the API's 400 message starts. */
function failure(change: Record<string, unknown>): string | undefined {
  const result = sendRequest.safeParse({ ...valid, ...change });
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return `${issue.path.join('.')}: ${issue.message}`;
}

describe('sendRequest', () => {
  it('accepts a valid compose', () => {
    expect(failure({})).toBeUndefined();
    expect(failure({ subject: 'Tab\tseparated' })).toBeUndefined();
  });

  it.each([
    ['subject', { subject: 'Hi\r\nBcc: x@evil.test' }, /^subject: contains a line break/],
    ['subject (NUL)', { subject: 'Hi\u0000' }, /^subject: contains a line break or control/],
    ['fromName', { fromName: 'Alice\nBcc: x@evil.test' }, /^fromName: contains a line break/],
    ['to address', { to: [{ name: '', address: 'bob@tern.test\r\nX: y' }] }, /^to\.0\.address: /],
    ['to name', { to: [{ name: 'Bob\r', address: 'bob@tern.test' }] }, /^to\.0\.name: /],
    [
      'cc address',
      {
        cc: [
          { name: '', address: 'ok@tern.test' },
          { name: '', address: 'x@y.z\nBcc: e@vil.test' },
        ],
      },
      /^cc\.1\.address: /,
    ],
    ['bcc name', { bcc: [{ name: 'a\u007fb', address: 'dan@tern.test' }] }, /^bcc\.0\.name: /],
    [
      'filename',
      { attachments: [{ ...valid.attachments[0], filename: 'a\r\n.txt' }] },
      /^attachments\.0\.filename: /,
    ],
    [
      'In-Reply-To',
      { threading: { inReplyTo: '<a@b>\r\nX: y', references: [] } },
      /^threading\.inReplyTo: /,
    ],
    ['no recipient', { to: [] }, /^to: add at least one recipient/],
  ])('refuses a bad %s, naming the field', (_field, change, expected) => {
    expect(failure(change)).toMatch(expected);
  });
});

describe('Message-ID', () => {
  it('derives it from the composeId and the identity domain, and reads it back', () => {
    const id = messageIdFor('AAAAAAAAAAAAAAAAAAAAAA', 'alice@tern.test');
    expect(id).toBe('<AAAAAAAAAAAAAAAAAAAAAA@tern.test>');
    expect(composeIdOf(id)).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(composeIdOf('<short@tern.test>')).toBeUndefined();
  });
});
