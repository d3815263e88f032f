/** The HTML that leaves: the editor's allow-list, Tern's own image URLs turned into what works for the recipient. */
import { describe, expect, it } from 'vitest';
import { outgoingHtml, partOfUrl } from '@/lib/mail/compose/outgoing-html';
import { partUrl } from '@/lib/mail/message';
import { proxyHref } from '@/lib/proxy/path';

const origin = 'https://mail.example.org';
const options = { origin, cidSuffix: 'AAAAAAAAAAAAAAAAAAAAAA@tern.test' };

describe('outgoingHtml', () => {
  it('keeps formatting, links, lists, quotes and headings, and nothing that runs or loads', () => {
    const { html } = outgoingHtml(
      '<h2 style="color:red">Plan</h2><p onclick="x()">A <b>bold</b>, <i>it</i>, <u>u</u>, <s>s</s> ' +
        '<a href="https://tern.test/a" target="_blank">link</a> <a href="javascript:alert(1)">js</a> ' +
        '<a href="/api/folders/INBOX">relative</a> <a href="mailto:bob@tern.test">mail</a></p>' +
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote type="cite"><p>quoted</p></blockquote>' +
        '<script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe><svg><image href="https://x"/></svg>',
      options,
    );
    expect(html).toBe(
      '<h2>Plan</h2><p>A <b>bold</b>, <i>it</i>, <u>u</u>, <s>s</s> ' +
        '<a href="https://tern.test/a">link</a> <a>js</a> <a>relative</a> <a href="mailto:bob@tern.test">mail</a></p>' +
        '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote type="cite"><p>quoted</p></blockquote>',
    );
  });

  it('turns images from the user’s messages into cid: parts, once per part', () => {
    const inline = partUrl('Projects/Tern', 42, '1.2', true);
    const full = `${origin}${partUrl('Projects/Tern', 42, '1.2')}`;
    const other = partUrl('INBOX', 7, '2');
    const result = outgoingHtml(
      `<p><img src="${inline}" alt="a"><img src="${full}"><img src="${other}"></p>`,
      options,
    );
    expect(result.html).toBe(
      '<p><img alt="a" src="cid:image1.AAAAAAAAAAAAAAAAAAAAAA@tern.test" />' +
        '<img src="cid:image1.AAAAAAAAAAAAAAAAAAAAAA@tern.test" />' +
        '<img src="cid:image2.AAAAAAAAAAAAAAAAAAAAAA@tern.test" /></p>',
    );
    expect(result.images).toEqual([
      {
        cid: 'image1.AAAAAAAAAAAAAAAAAAAAAA@tern.test',
        source: { folder: 'Projects/Tern', uid: 42, partId: '1.2' },
      },
      {
        cid: 'image2.AAAAAAAAAAAAAAAAAAAAAA@tern.test',
        source: { folder: 'INBOX', uid: 7, partId: '2' },
      },
    ]);
  });

  it('gives a proxied image its original address back, and drops every other image', () => {
    const proxied = proxyHref('https://cdn.example.com/logo.png?a=1&b=2', 'signature');
    const { html, images } = outgoingHtml(
      `<p><img src="${proxied.replace(/&/g, '&amp;')}">` +
        '<img src="data:image/png;base64,AAAA"><img src="https://elsewhere.example/x.png">' +
        `<img src="${proxyHref('javascript:alert(1)', 's')}"><img src="/favicon.ico"><img></p>`,
      options,
    );
    expect(html).toBe('<p><img src="https://cdn.example.com/logo.png?a=1&amp;b=2" /></p>');
    expect(images).toEqual([]);
  });

  it('leaves out images that were not found, keeping the others under the same Content-IDs', () => {
    const html = `<img src="${partUrl('INBOX', 1, '2')}"><img src="${partUrl('INBOX', 2, '2')}">`;
    const result = outgoingHtml(html, {
      ...options,
      available: (cid) => cid.startsWith('image2.'),
    });
    expect(result.html).toBe('<img src="cid:image2.AAAAAAAAAAAAAAAAAAAAAA@tern.test" />');
  });

  it('writes the text alternative: quotes as "> ", links with their address', () => {
    const { text } = outgoingHtml(
      '<p>See <a href="https://tern.test/doc">the doc</a>.</p><blockquote><p>Earlier words</p></blockquote>',
      options,
    );
    expect(text).toBe('See the doc [https://tern.test/doc].\n\n> Earlier words');
  });
});

describe('partOfUrl', () => {
  it('reads folder, uid and part from Tern part URLs only', () => {
    expect(partOfUrl(partUrl('A/B c', 9, '0.1', true), origin)).toEqual({
      folder: 'A/B c',
      uid: 9,
      partId: '0.1',
    });
    expect(
      partOfUrl('https://other.example/api/folders/INBOX/messages/1/parts/2', origin),
    ).toBeUndefined();
    expect(partOfUrl('/api/folders/INBOX/messages/1/parts/2?inline=1&x=1', origin)).toBeUndefined();
    expect(partOfUrl('/api/folders/%E0%A4%A/messages/1/parts/2', origin)).toBeUndefined();
  });
});
