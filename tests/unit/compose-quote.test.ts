/**
 * The original inside a reply or forward: the reader's sanitized HTML flattened to what the
 * composer's editor keeps, and plain text quoted with "> ".
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { editorHtml, textToEditorHtml } from '@/lib/mail/compose/editor-html';
import {
  attribution,
  forwardBody,
  quoteDate,
  quoteLimits,
  quoteLines,
  replyBody,
} from '@/lib/mail/compose/quote';
import type { MessageView } from '@/lib/mail/types';
import { sanitizeHtml } from '@/lib/mime/sanitize';
import { corpusSkipReason, hasCorpus, xssVectors } from '../support/corpus.ts';
import { remoteReferences, unsafeMarkup } from '../support/html-safety.ts';

const part = '/api/folders/INBOX/messages/7/parts/2?inline=1';
const sanitizeOptions = {
  cidUrl: (cid: string) => (cid ? part : undefined),
  partPrefix: '/api/folders/INBOX/messages/7/parts/',
};
/** Message HTML as the reader has it (sanitized), then as the composer gets it. */
const flattened = (html: string) => editorHtml(sanitizeHtml(html, sanitizeOptions).html).html;

/** What a browser parses the HTML back into, written out again: equal when it is well-formed. */
function reparsed(html: string): string {
  const { document } = new JSDOM('').window;
  document.body.innerHTML = html;
  return document.body.innerHTML.replace(/&nbsp;/g, '\u00a0');
}

const editorTags = new Set([
  'p',
  'br',
  'b',
  'i',
  'u',
  's',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'img',
]);
function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
}

describe('message HTML → editor HTML', () => {
  it.each([
    ['paragraphs stay', '<p>One</p><p>Two</p>', '<p>One</p><p>Two</p>'],
    [
      'divs become paragraphs, never running together',
      '<div>Hello</div><div>World</div>',
      '<p>Hello</p><p>World</p>',
    ],
    [
      'nested layout tables become one paragraph per cell',
      '<table><tr><td>Total</td><td>12.00</td></tr></table>',
      '<p>Total</p><p>12.00</p>',
    ],
    [
      'styles, spans and fonts go, their text stays',
      '<p style="color:red"><span class="x"><font face="Arial">plain</font></span> words</p>',
      '<p>plain words</p>',
    ],
    [
      'strong/em/ins/del become b/i/u/s',
      '<p><strong>b</strong><em>i</em><ins>u</ins><del>s</del></p>',
      '<p><b>b</b><i>i</i><u>u</u><s>s</s></p>',
    ],
    [
      'a mark around blocks is reopened in each paragraph',
      '<b>bold <div>still bold</div></b> plain',
      '<p><b>bold </b></p><p><b>still bold</b></p><p>plain</p>',
    ],
    [
      'links keep only their href (no target or rel from the reader)',
      '<p><a href="https://example.com/a?b=1&amp;c=2" title="t">link</a></p>',
      '<p><a href="https://example.com/a?b=1&amp;c=2">link</a></p>',
    ],
    [
      'a link the editor cannot follow keeps its text',
      '<p><a href="#top">top</a></p>',
      '<p>top</p>',
    ],
    [
      'lists and quotes keep their structure',
      '<ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul><blockquote>said</blockquote>',
      '<ul><li><p>one</p></li><li><p>two</p><ol><li><p>deep</p></li></ol></li></ul><blockquote><p>said</p></blockquote>',
    ],
    [
      'headings become bold paragraphs',
      '<h1>Title</h1><p>text</p>',
      '<p><b>Title</b></p><p>text</p>',
    ],
    ['line breaks stay', '<p>a<br>b<br/>c</p>', '<p>a<br>b<br>c</p>'],
    ['preformatted lines stay lines', '<pre>a\nb</pre>', '<p>a<br>b</p>'],
    ['white space between blocks goes', '<div>\n  <p>x</p>\n  </div>', '<p>x</p>'],
    ['no-break spaces stay (mail uses them for blank lines)', '<p>\u00a0</p>', '<p>\u00a0</p>'],
    [
      'an image of the message stays',
      '<p><img src="cid:logo" alt="Logo" width="10"></p>',
      `<p><img src="${part.replace(/&/g, '&amp;')}" alt="Logo"></p>`,
    ],
    [
      'a blocked remote image goes',
      '<p>a<img src="https://tracker.example/x.gif">b</p>',
      '<p>ab</p>',
    ],
    [
      'escaped text stays escaped',
      '<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>',
      '<p>1 &lt; 2 &amp;&amp; &lt;script&gt;</p>',
    ],
  ])('%s', (_, html, expected) => {
    const result = flattened(html);
    expect(result).toBe(expected);
    expect(reparsed(result)).toBe(result);
  });

  it('keeps proxied images when the reader allowed remote content', () => {
    const html = sanitizeHtml('<img src="https://example.com/a.png">', {
      ...sanitizeOptions,
      remoteUrl: (url) => `/api/proxy?url=${encodeURIComponent(url)}&sig=abc`,
    }).html;
    expect(editorHtml(html).html).toBe(
      '<p><img src="/api/proxy?url=https%3A%2F%2Fexample.com%2Fa.png&amp;sig=abc"></p>',
    );
  });

  it('never lets text or a stray "<" open a tag', () => {
    const result = editorHtml('a < b <script>x</script> <img src=x onerror=alert(1)>').html;
    expect(result).toBe('<p>a &lt; b x </p>');
  });

  it('takes linear time on tags that never close', () => {
    const started = performance.now();
    for (const html of ['<a b '.repeat(20_000), '<a b="c '.repeat(20_000), "<p x='".repeat(20_000)])
      editorHtml(html);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops at the byte limit, closing what is open', () => {
    const html = `<blockquote><ul><li><b>${'word '.repeat(1000)}</b></li></ul></blockquote><p>after</p>`;
    const cut = editorHtml(html, 200);
    expect(cut.complete).toBe(false);
    expect(cut.html).toMatch(
      /^<blockquote><ul><li><p><b>(word )+word<\/b><\/p><\/li><\/ul><\/blockquote>$/,
    );
    expect(Buffer.byteLength(cut.html)).toBeLessThan(260);
    expect(editorHtml(html).complete).toBe(true);
  });

  it('writes plain text as paragraphs and line breaks', () => {
    expect(textToEditorHtml('Hi <you>,\r\nline two\r\n\r\n\r\nBye')).toBe(
      '<p>Hi &lt;you&gt;,<br>line two</p><p>Bye</p>',
    );
  });
});

describe.skipIf(!hasCorpus)('the XSS corpus through the reader and into the composer', () => {
  it('gives only editor tags, well-formed, with nothing that runs, loads or navigates', () => {
    const violations: string[] = [];
    for (const { name, html } of xssVectors()) {
      const result = flattened(html);
      for (const problem of [...unsafeMarkup(result), ...remoteReferences(result)])
        violations.push(`${name}: ${problem}`);
      const foreign = tagsOf(result).filter((tag) => !editorTags.has(tag));
      if (foreign.length) violations.push(`${name}: tags ${foreign.join(', ')}`);
      if (reparsed(result) !== result) violations.push(`${name}: not well-formed: ${result}`);
    }
    expect(violations).toEqual([]);
    // 382 vectors through sanitizer, editor conversion and jsdom: seconds on a busy machine.
  }, 30_000);
});
if (!hasCorpus) console.warn(`compose-quote: XSS corpus skipped, ${corpusSkipReason}`);

const original: Pick<
  MessageView,
  'from' | 'to' | 'cc' | 'date' | 'subject' | 'html' | 'text' | 'truncated'
> = {
  from: [{ name: 'Bob Sender', address: 'bob@tern.test' }],
  to: [{ name: '', address: 'alice@tern.test' }],
  cc: [],
  date: '2026-03-03T10:00:00.000Z',
  subject: 'Plans',
  html: '<p>See <b>you</b></p>',
  text: 'See you\n> earlier\n\nBob',
  truncated: false,
};

describe('dates and attribution', () => {
  it('writes the date in the user’s time zone, or says it is UTC', () => {
    expect(quoteDate(original.date)).toBe('Tue, 3 Mar 2026 at 10:00 UTC');
    expect(quoteDate(original.date, 'Europe/Berlin')).toBe('Tue, 3 Mar 2026 at 11:00');
    expect(quoteDate(original.date, 'America/New_York')).toBe('Tue, 3 Mar 2026 at 05:00');
  });

  it('names the sender with the address, or the address alone', () => {
    expect(attribution(original)).toBe(
      'On Tue, 3 Mar 2026 at 10:00 UTC, Bob Sender <bob@tern.test> wrote:',
    );
    expect(
      attribution({ ...original, from: [{ name: '', address: 'b@x.test' }] }, { timeZone: 'UTC' }),
    ).toBe('On Tue, 3 Mar 2026 at 10:00, b@x.test wrote:');
  });

  it('quotes lines with "> ", and quoted lines one level deeper', () => {
    expect(quoteLines('a\n> b\n\nc')).toBe('> a\n>> b\n>\n> c');
  });
});

describe('reply bodies', () => {
  it('HTML: room to write, the attribution, the original in a cite blockquote', () => {
    expect(replyBody(original, 'html')).toEqual({
      mode: 'html',
      html:
        '<p></p><p>On Tue, 3 Mar 2026 at 10:00 UTC, Bob Sender &lt;bob@tern.test&gt; wrote:</p>' +
        '<blockquote type="cite"><p>See <b>you</b></p></blockquote>',
    });
  });

  it('HTML from a text-only original', () => {
    const body = replyBody({ ...original, html: null }, 'html');
    expect(body.mode === 'html' && body.html).toContain(
      '<blockquote type="cite"><p>See you<br>&gt; earlier</p><p>Bob</p></blockquote>',
    );
  });

  it('text: the text part quoted', () => {
    expect(replyBody(original, 'text', { timeZone: 'Europe/Berlin' })).toEqual({
      mode: 'text',
      text: '\n\nOn Tue, 3 Mar 2026 at 11:00, Bob Sender <bob@tern.test> wrote:\n> See you\n>> earlier\n>\n> Bob\n',
    });
  });

  it('text from an HTML-only original: its words, links written out', () => {
    const html = '<p>Read <a href="https://example.com/r">the report</a>.</p><ul><li>one</li></ul>';
    const body = replyBody({ ...original, text: null, html }, 'text');
    expect(body.mode === 'text' && body.text).toContain(
      '> Read the report <https://example.com/r>.\n>\n>  * one\n',
    );
  });

  it('nothing to quote: only room to write', () => {
    const empty = { ...original, html: null, text: null };
    expect(replyBody(empty, 'html')).toEqual({ mode: 'html', html: '<p></p>' });
    expect(replyBody(empty, 'text')).toEqual({ mode: 'text', text: '' });
  });

  it('a long original is cut to leave room for the reply, and says so', () => {
    const long = { ...original, text: 'a line of text\n'.repeat(100_000), html: null };
    const text = replyBody(long, 'text');
    const html = replyBody({ ...long, html: `<p>${'word '.repeat(400_000)}</p>` }, 'html');
    for (const body of [text, html]) {
      const content = body.mode === 'text' ? body.text : body.html;
      expect(content).toContain('[The rest of the original message is not included');
    }
    expect(Buffer.byteLength(text.mode === 'text' ? text.text : '')).toBeLessThan(
      quoteLimits.text * 1.2,
    );
    expect(Buffer.byteLength(html.mode === 'html' ? html.html : '')).toBeLessThan(
      quoteLimits.html + 1000,
    );
  });

  it('an original the reader already cut says so too', () => {
    const body = replyBody({ ...original, truncated: true }, 'html');
    expect(body.mode === 'html' && body.html).toMatch(
      /not included: it is too long to quote\.\]<\/p><\/blockquote>$/,
    );
  });
});

describe('forward bodies', () => {
  const cc = [{ name: 'Cat', address: 'cat@tern.test' }];

  it('HTML: room to write, the header block, the body as it was', () => {
    expect(forwardBody({ ...original, cc }, 'html')).toEqual({
      mode: 'html',
      html:
        '<p></p><p>---------- Forwarded message ---------<br>From: Bob Sender &lt;bob@tern.test&gt;' +
        '<br>Date: Tue, 3 Mar 2026 at 10:00 UTC<br>Subject: Plans<br>To: alice@tern.test' +
        '<br>Cc: Cat &lt;cat@tern.test&gt;</p><p>See <b>you</b></p>',
    });
  });

  it('text: the header block without an empty Cc, then the text', () => {
    expect(forwardBody(original, 'text', { timeZone: 'UTC' })).toEqual({
      mode: 'text',
      text:
        '\n\n---------- Forwarded message ---------\nFrom: Bob Sender <bob@tern.test>\n' +
        'Date: Tue, 3 Mar 2026 at 10:00\nSubject: Plans\nTo: alice@tern.test\n\n' +
        'See you\n> earlier\n\nBob\n',
    });
  });
});
