import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCharset } from '@/lib/mime/charset';
import { previewText, type PreviewPart } from '@/lib/mime/preview-text';
import { snippet } from '@/lib/mime/snippet';
import { decodeBase64Prefix, decodeQuotedPrintablePrefix } from '@/lib/mime/transfer-encoding';

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const plain: PreviewPart = { kind: 'plain', encoding: '7bit', charset: 'utf-8' };
const html: PreviewPart = { kind: 'html', encoding: '7bit', charset: 'utf-8' };

describe('base64 from a prefix of a part', () => {
  it('decodes whole groups and drops a group that was cut off', () => {
    // "Hello world" is SGVsbG8gd29ybGQ=; the fetch stopped two characters into the last group.
    expect(decodeBase64Prefix(latin1('SGVsbG8g\r\nd29y\r\nbG')).toString()).toBe('Hello wor');
  });

  it('decodes a complete part with padding, skipping junk and anything after the padding', () => {
    expect(decodeBase64Prefix(latin1('SGVs*bG8=\r\nSGVsbG8=')).toString()).toBe('Hello');
  });

  it('gives no preview, not an error, for text that is not base64', () => {
    expect(decodeBase64Prefix(latin1('!!! ###')).length).toBe(0);
    const part = { ...plain, encoding: 'base64' };
    expect(previewText(latin1('%%%% not base64 at all ~~~~'), part)).toBe('');
    expect(previewText(latin1('!!! ###'), part)).toBe('');
  });
});

describe('quoted-printable from a prefix of a part', () => {
  it('joins soft line breaks and decodes escapes', () => {
    expect(decodeQuotedPrintablePrefix(latin1('Caf=C3=A9 au l=\r\nait=20')).toString()).toBe(
      'Café au lait ',
    );
  });

  it.each([
    ['an escape cut after =', 'Bonjour =', 'Bonjour '],
    ['an escape cut after one digit', 'Bonjour =C', 'Bonjour '],
    ['a soft break cut before its line feed', 'Bonjour =\r', 'Bonjour '],
  ])('drops %s at the end', (_, encoded, decoded) => {
    expect(decodeQuotedPrintablePrefix(latin1(encoded)).toString()).toBe(decoded);
  });

  it('keeps a malformed escape as it is', () => {
    expect(decodeQuotedPrintablePrefix(latin1('a=ZZb = c')).toString()).toBe('a=ZZb = c');
  });

  it('previews a message whose UTF-8 character was cut in the middle of its escapes', () => {
    const part = { ...plain, encoding: 'quoted-printable' };
    expect(previewText(latin1('Gr=C3=BC=C3'), part)).toBe('Grü');
  });
});

describe('charsets', () => {
  it.each([
    ['ISO-8859-1', latin1('Caf\xe9 cr\xe8me'), 'Café crème'],
    ['windows-1252', latin1('\x93Quoted\x94 costs \x8010'), '“Quoted” costs €10'],
    ['"iso-8859-15"', latin1('\xa4 euro'), '€ euro'],
    ['ISO-2022-JP', latin1('\x1b$B$3$s$K$A$O\x1b(B world'), 'こんにちは world'],
    ['Shift_JIS', iconv.encode('予定の確認', 'shift_jis'), '予定の確認'],
    ['windows-1251', iconv.encode('Привет', 'windows-1251'), 'Привет'],
    ['GB18030', iconv.encode('会议纪要', 'gb18030'), '会议纪要'],
    ['UTF-7', latin1('Hi +AOk-'), 'Hi é'],
  ])('decodes %s', (charset, bytes, text) => {
    expect(decodeCharset(bytes, charset)).toBe(text);
  });

  it('reads undeclared or US-ASCII 8-bit text as UTF-8, or Windows-1252 when it is not', () => {
    expect(decodeCharset(Buffer.from('naïve'), undefined)).toBe('naïve');
    expect(decodeCharset(Buffer.from('naïve'), 'us-ascii')).toBe('naïve');
    expect(decodeCharset(latin1('na\xefve'), undefined)).toBe('naïve');
  });

  it('drops a multi-byte character cut off at the end', () => {
    const bytes = Buffer.from('日本');
    expect(decodeCharset(bytes.subarray(0, bytes.length - 1), 'utf-8')).toBe('日');
    expect(decodeCharset(iconv.encode('予定', 'shift_jis').subarray(0, 3), 'shift_jis')).toBe('予');
  });

  it('falls back to UTF-8 for a charset nobody knows', () => {
    expect(decodeCharset(Buffer.from('plain ASCII and ü'), 'x-martian')).toBe('plain ASCII and ü');
  });

  it('previews base64 in a legacy charset', () => {
    const encoded = Buffer.from(iconv.encode('Grüße aus Köln', 'iso-8859-1').toString('base64'));
    const part = { kind: 'plain', encoding: 'BASE64', charset: 'ISO-8859-1' } as const;
    expect(previewText(encoded, part)).toBe('Grüße aus Köln');
  });
});

describe('the snippet', () => {
  it('collapses whitespace and line breaks', () => {
    expect(snippet('  Hello\tthere,\r\n\r\n  how   are you?\n')).toBe('Hello there, how are you?');
  });

  it('leaves out quoted lines and the line introducing them', () => {
    const reply = [
      'Sounds good, see you then.',
      '',
      'On Tue, 3 Mar 2026 at 10:00, Ann Example <ann@example.com> wrote:',
      '> Shall we meet at ten?',
      '>> Earlier text',
    ].join('\r\n');
    expect(snippet(reply)).toBe('Sounds good, see you then.');
  });

  it('keeps the answer below a quote, and the answers of an interleaved reply', () => {
    expect(snippet('On Tue, Ann <ann@example.com> wrote:\n> Lunch?\n\nYes, at noon.')).toBe(
      'Yes, at noon.',
    );
    expect(snippet('> Lunch?\nYes please.\n> Where?\nThe usual place.')).toBe(
      'Yes please. The usual place.',
    );
  });

  it('recognises an attribution wrapped onto two lines, and in German and French', () => {
    const wrapped =
      'Thanks!\nOn Tue, 3 Mar 2026 at 10:00, Ann Example\n<ann@example.com> wrote:\n\n> Hi';
    expect(snippet(wrapped)).toBe('Thanks!');
    expect(
      snippet('Danke.\nAm 3. März 2026 um 10:00 schrieb Ann <ann@example.com>:\n> Hallo'),
    ).toBe('Danke.');
    expect(snippet('Merci.\nLe mar. 3 mars 2026, Ann a écrit :\n> Salut')).toBe('Merci.');
  });

  it('leaves out any line ending in a colon right before a quote, in any language', () => {
    const japanese = '了解です。\n2026/03/03 10:00、鈴木 花子 さんは書きました:\n> 明日の件';
    expect(snippet(japanese)).toBe('了解です。');
    expect(snippet('Agenda:\n- budget\n- hiring')).toBe('Agenda: - budget - hiring');
  });

  it('leaves out heading underlines and table rules', () => {
    const text = 'Spring sale\n===========\nItem    Qty\n------  ---\nTea     2';
    expect(snippet(text)).toBe('Spring sale Item Qty Tea 2');
  });

  it('keeps a sentence that only looks like an attribution', () => {
    expect(snippet('On Monday I wrote: the plan is ready.\nMore follows.')).toBe(
      'On Monday I wrote: the plan is ready. More follows.',
    );
  });

  it('stops at the signature and at a forwarded original', () => {
    expect(snippet('See attached.\n-- \nBob Builder\nACME Corp')).toBe('See attached.');
    expect(snippet('See below.\n\n-----Original Message-----\nFrom: Ann')).toBe('See below.');
  });

  it('drops invisible padding', () => {
    expect(snippet('Spring sale\u200c\u00a0\u034f\u200c\u00a0\u034f\u200c ends Friday')).toBe(
      'Spring sale ends Friday',
    );
  });

  it('is at most 200 characters, ending at a word when one is near', () => {
    const text = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const result = snippet(text);
    expect(result.length).toBeLessThanOrEqual(200);
    expect(text.startsWith(result)).toBe(true);
    expect(text[result.length]).toBe(' ');
    expect(Array.from(snippet('🙂'.repeat(300)))).toHaveLength(200);
  });

  it('is empty for an empty body, or one of only quotes', () => {
    expect(previewText(Buffer.alloc(0), plain)).toBe('');
    expect(previewText(Buffer.from('\r\n\r\n'), plain)).toBe('');
    expect(previewText(Buffer.from('> all quoted\n> text'), plain)).toBe('');
  });

  it('joins format=flowed lines with delsp=yes without a space', () => {
    const flowed = Buffer.from('こんにちは、 \r\n元気ですか');
    expect(previewText(flowed, { ...plain, delsp: true })).toBe('こんにちは、元気ですか');
  });
});

describe('HTML', () => {
  it('shows the words of the body only', () => {
    const body = [
      '<!DOCTYPE html><html><head><title>Newsletter</title>',
      '<style>p { color: red }</style></head><body>',
      '<h1>Big news</h1><p>Hello&nbsp;there &amp; <a href="https://example.com">welcome</a>',
      '<img src="cid:logo" alt="Logo"></p><ul><li>one</li><li>two</li></ul>',
      '<table><tr><th>Total</th><td>12.00</td></tr></table>',
      '<script>alert(1)</script></body></html>',
    ].join('\n');
    expect(previewText(Buffer.from(body), html)).toBe(
      'Big news Hello there & welcome one two Total 12.00',
    );
  });

  it('leaves out a quoted reply and its attribution', () => {
    const body =
      '<div>Works for me.</div><div class="gmail_quote"><div>On Tue, 3 Mar 2026, Ann &lt;ann@example.com&gt; wrote:<br></div>' +
      '<blockquote class="gmail_quote">Shall we meet?<br>At ten?</blockquote></div>';
    expect(previewText(Buffer.from(body), html)).toBe('Works for me.');
  });

  it('survives being cut in the middle of a tag or of the head', () => {
    expect(previewText(Buffer.from('<p>First words</p><p>More <a href="https://exa'), html)).toBe(
      'First words More',
    );
    expect(previewText(Buffer.from('<html><head><style>body { margin: 0 }'), html)).toBe('');
  });

  it('decodes quoted-printable HTML in its charset', () => {
    const part = { kind: 'html', encoding: 'quoted-printable', charset: 'iso-8859-1' } as const;
    expect(previewText(latin1('<p>D=E9j=E0 vu</p>=\r\n<p>encore</p>'), part)).toBe(
      'Déjà vu encore',
    );
  });
});
