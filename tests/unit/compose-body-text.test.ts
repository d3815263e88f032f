// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { convertBody, hasContent, htmlToText, textToHtml } from '@/lib/client/compose/body-text';
import { fitFiles, applySavedAttachments } from '@/lib/client/compose/attachments';
import { newComposeId, nextRevision } from '@/lib/client/compose/compose-id';
import { formatLimit } from '@/lib/client/format-size';
import type { ComposeAttachment, ComposeFields } from '@/lib/mail/types';

describe('switching the body between rich and plain text', () => {
  it('writes paragraphs, line breaks and quotes as HTML, escaped', () => {
    expect(textToHtml('Hi <Ann> & co,\nsee below.\n\n> quoted\n> more\n\nBye')).toBe(
      '<p>Hi &lt;Ann&gt; &amp; co,<br>see below.</p><blockquote><p>quoted<br>more</p></blockquote><p>Bye</p>',
    );
  });

  it('reads HTML as text: paragraphs apart, lists dashed, quotes marked, links kept', () => {
    expect(
      htmlToText(
        '<p>Hello <strong>Ann</strong>,</p><ul><li>one</li><li>two</li></ul><p>See <a href="https://x.org/a">this</a>.</p><blockquote><p>old</p><p>older</p></blockquote>',
      ),
    ).toBe('Hello Ann,\n\n- one\n- two\n\nSee this <https://x.org/a>.\n\n> old\n>\n> older');
  });

  it('runs nothing in the HTML it reads', () => {
    expect(htmlToText('<img src=x onerror="globalThis.ran=1"><p>text</p>')).toBe('text');
    expect((globalThis as { ran?: number }).ran).toBeUndefined();
  });

  it('comes back the same way it went for plain paragraphs', () => {
    const body = convertBody(
      convertBody({ mode: 'text', text: 'One\n\nTwo\nthree' }, 'html'),
      'text',
    );
    expect(body).toEqual({ mode: 'text', text: 'One\n\nTwo\nthree' });
  });
});

describe('a compose worth keeping', () => {
  const empty: ComposeFields = {
    composeId: 'x'.repeat(22),
    revision: 0,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    body: { mode: 'html', html: '<p></p>' },
    attachments: [],
  };
  it('has a recipient, a subject, an attachment or some body text', () => {
    expect(hasContent(empty)).toBe(false);
    expect(hasContent({ ...empty, body: { mode: 'html', html: '<p>&nbsp;</p>' } })).toBe(false);
    expect(hasContent({ ...empty, body: { mode: 'html', html: '<p>a</p>' } })).toBe(true);
    expect(hasContent({ ...empty, subject: 'x' })).toBe(true);
    expect(hasContent({ ...empty, bcc: [{ name: '', address: 'a@b.c' }] })).toBe(true);
  });
});

describe('attachments against the limit', () => {
  const mb = 1024 * 1024;
  it('accepts files in order while they fit, saying the limit as the user counts it', () => {
    const { accepted, refused } = fitFiles(
      [
        { name: 'a', size: 10 * mb },
        { name: 'b', size: 20 * mb },
        { name: 'c', size: 5 * mb },
      ],
      5 * mb,
      25 * mb,
    );
    expect(accepted.map((f) => f.name)).toEqual(['a', 'c']);
    expect(refused).toEqual([
      {
        filename: 'b',
        reason: 'does not fit: the attachments would add up to 35.0 MB, and the limit is 25 MB.',
      },
    ]);
    expect(formatLimit(25 * mb)).toBe('25 MB');
    expect(formatLimit(2.5 * mb)).toBe('2.5 MB');
  });

  it('points what a save carried at the draft, leaving the rest', () => {
    const upload = (id: string): ComposeAttachment => ({
      ref: { kind: 'upload', id },
      filename: id,
      contentType: 'text/plain',
      size: 1,
    });
    const part: ComposeAttachment = {
      ref: { kind: 'part', folder: 'INBOX', uid: 4, partId: '2' },
      filename: 'p',
      contentType: 'text/plain',
      size: 1,
    };
    const sent = [upload('a'), part];
    const saved = sent.map((a, index) => ({ ...a, ref: { kind: 'draft' as const, index } }));
    expect(applySavedAttachments([part, upload('new')], sent, saved).map((a) => a.ref)).toEqual([
      { kind: 'draft', index: 1 },
      { kind: 'upload', id: 'new' },
    ]);
  });
});

describe('a compose id', () => {
  it('is 22 base64url characters from the browser’s random numbers', () => {
    const id = newComposeId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newComposeId()).not.toBe(id);
    expect(newComposeId((bytes) => bytes.fill(255))).toBe('_'.repeat(22));
  });

  it('revisions rise with the clock, or by one when it stands still', () => {
    expect(nextRevision(0, 1000)).toBe(1000);
    expect(nextRevision(1000, 1000)).toBe(1001);
    expect(nextRevision(5000, 1000)).toBe(5001);
  });
});
