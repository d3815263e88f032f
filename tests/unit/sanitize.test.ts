import { describe, expect, it } from 'vitest';
import { htmlLimits, htmlTooComplex } from '@/lib/mime/html-limits';
import { sanitizeHtml } from '@/lib/mime/sanitize';
import { proxiedTarget, proxyHref } from '@/lib/proxy/path';

const parts = new Map([['logo@x', '/api/folders/INBOX/messages/7/parts/2?inline=1']]);
const options = {
  cidUrl: (cid: string) => parts.get(cid),
  partPrefix: '/api/folders/INBOX/messages/7/parts/',
};
const clean = (html: string) => sanitizeHtml(html, options);

describe('message HTML sanitizing', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    '<svg><use href="data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+#x"/></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<iframe src="https://evil.test"></iframe>',
    '<object data="x.swf"></object><embed src="x">',
    '<form action="https://evil.test"><input name=p></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<base href="https://evil.test/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.test">',
  ])('leaves nothing that runs or navigates: %s', (vector) => {
    const { html } = clean(vector);
    expect(html).not.toMatch(
      /<script|onerror|onbegin|javascript:|<iframe|<object|<embed|<form|<base|<meta|<svg/i,
    );
  });

  it('makes remote images, backgrounds and style url()s inert, and counts them', () => {
    const { html, remoteBlocked } = clean(
      '<img src="https://tracker.test/p.gif" alt="hi"><img src="//x.test/relative.gif">' +
        '<table background="http://x.test/bg.png"><tr><td style="color: red; background-image: url(https://x.test/a.png)">t</td></tr></table>' +
        '<img srcset="https://x.test/1.png 1x">',
    );
    expect(html).not.toContain('tracker.test');
    expect(html).not.toContain('x.test');
    expect(html).toContain('alt="hi"');
    expect(html).toContain('color: red');
    expect(remoteBlocked).toBe(5);
  });

  it('drops style sheets and positioning that could cover the page', () => {
    const { html } = clean(
      '<style>@import url(https://x.test/a.css); body{}</style><div style="position: fixed; top: 0; color: blue">x</div>',
    );
    expect(html).not.toContain('@import');
    expect(html).not.toMatch(/position/);
    expect(html).toContain('color: blue');
  });

  it('points cid: images at their parts and keeps raster data: images only', () => {
    const { html } = clean(
      '<img src="cid:logo@x"><img src="cid:missing@x"><img src="data:image/png;base64,iVBORw0KGgo="><img src="data:image/svg+xml;base64,PHN2Zz4=">',
    );
    expect(html).toContain('src="/api/folders/INBOX/messages/7/parts/2?inline=1"');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).not.toContain('svg+xml');
    expect(html.match(/<img/g)).toHaveLength(4);
    expect(html.match(/src=/g)).toHaveLength(2);
  });

  it('keeps images pointing at this message’s own parts, and no other path', () => {
    const { html } = clean(
      '<img src="/api/folders/INBOX/messages/7/parts/2?inline=1"><img src="/api/folders/INBOX/messages/8/parts/2?inline=1"><img src="/api/session">',
    );
    expect(html.match(/src=/g)).toHaveLength(1);
  });

  it('opens links in a new browsing context without a referrer', () => {
    const { html } = clean('<a href="https://example.com/x" ping="https://t.test">x</a>');
    expect(html).toBe(
      '<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it.each([
    ['<title>Weekly news</title><p>Hello</p>', '<p>Hello</p>'],
    ['<!-- <img src=x onerror=alert(1)> --><p>Hi</p>', '<p>Hi</p>'],
    ['<textarea><img src=x onerror=alert(1)></textarea>ok', 'ok'],
    [
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p>',
    ],
    ['<img alt="</p><img src=x onerror=alert(1)>" width="1">', '<img width="1" />'],
    [
      '<noscript><b>shown when scripts are off, as in the frame</b></noscript>',
      '<b>shown when scripts are off, as in the frame</b>',
    ],
    [
      '<o:p>Outlook</o:p><font face="Arial" color="red">x</font>',
      'Outlook<font face="Arial" color="red">x</font>',
    ],
    ['<a href="#part2" target="_top">jump</a>', '<a href="#part2">jump</a>'],
  ])('writes out only markup of its own, text escaped: %s', (input, output) => {
    expect(clean(input).html).toBe(output);
    expect(clean(output).html).toBe(output);
  });

  it('is idempotent', () => {
    const once = clean(
      '<div style="color: red"><a href="https://e.test">a</a><img src="cid:logo@x"><p>t</p></div>',
    ).html;
    expect(clean(once).html).toBe(once);
  });

  // Found by the shared corpus (tests/unit/xss-corpus.test.ts, tests/e2e/xss-corpus.spec.ts).
  it.each([
    // DOMPurify's own vectors: its output of <template> changes under a second pass.
    '<body><template><s><template><s><img src=x onerror=alert(1)>@shafigullin</s></template></s></template>',
    '<select><template><img src=x onerror=alert(1)></template></select>',
  ])('drops <template>, whose output is not stable: %s', (vector) => {
    const once = clean(vector).html;
    expect(once).not.toMatch(/<template|onerror/);
    expect(clean(once).html).toBe(once);
  });

  it.each([
    // HTTPLeaks: <image> parses as <img href>, <track src> fetches, CSS image() loads.
    [
      '<svg><image href="https://leaking.via/svg-image-href"></image></svg><image href="https://leaking.via/image-href">',
      0,
    ],
    // Not counted: showing remote content would not load it either.
    [
      '<video><track kind="subtitles" src="https://leaking.via/track-src" default></track></video>',
      0,
    ],
    [
      '<div style="color: red; background-image: image(\'https://leaking.via/inline-css-image-function\')">x</div>',
      1,
    ],
    [
      '<div style="background: cross-fade(url(https://leaking.via/a), url(https://leaking.via/b), 50%)">x</div>',
      1, // one declaration dropped, counted once
    ],
  ])('makes every way of loading inert: %s', (vector, blocked) => {
    const { html, remoteBlocked } = clean(vector);
    expect(html).not.toContain('leaking.via');
    expect(remoteBlocked).toBe(blocked);
  });
});

describe('remote content allowed: through the image proxy', () => {
  // A stand-in signer: the real one is tested on its own; here only where URLs go matters.
  const remoteUrl = (url: string) =>
    url.includes('refused.test') ? undefined : proxyHref(url, `sig-for-${url.length}`);
  const allowed = (html: string) => sanitizeHtml(html, { ...options, remoteUrl });
  const proxiedUrls = (html: string) =>
    [...html.matchAll(/\/api\/proxy\?[^"&\s,)]+(?:&amp;|&)sig=[^"\s,)]+/g)].map((m) =>
      proxiedTarget(m[0].replace(/&amp;/g, '&')),
    );

  it('points remote images, srcset candidates and style url()s at the proxy', () => {
    const { html, remoteBlocked } = allowed(
      '<img src="https://x.test/a.png" alt="a">' +
        '<img src="//cdn.x.test/b.png" srcset="https://x.test/c.png 1x, https://x.test/d,e.png 2x">' +
        '<div style="color: red; background-image: url(\'https://x.test/bg.png\')">t</div>' +
        '<picture><source srcset="https://x.test/f.webp 640w"></picture>',
    );
    expect(remoteBlocked).toBe(0);
    expect(html).not.toMatch(/src="https?:|srcset="https?:|url\("?https?:/);
    expect(proxiedUrls(html)).toEqual([
      'https://x.test/a.png',
      'https://cdn.x.test/b.png',
      'https://x.test/c.png',
      'https://x.test/d,e.png',
      'https://x.test/bg.png',
      'https://x.test/f.webp',
    ]);
    expect(html).toMatch(/srcset="\/api\/proxy\?\S+ 1x, \/api\/proxy\?\S+ 2x"/);
    expect(html).toContain('color: red; background-image: url(&quot;/api/proxy?url=');
  });

  it('still blocks and counts what the proxy refuses, and drops what is not an image source', () => {
    const { html, remoteBlocked } = allowed(
      '<img src="https://refused.test/a.png">' +
        '<img srcset="https://refused.test/1.png 1x, https://x.test/2.png 2x">' +
        '<div style="background: url(https://refused.test/bg.png)">x</div>' +
        '<table background="https://x.test/bg.png"><tr><td>t</td></tr></table>' +
        '<video poster="https://x.test/p.png"></video>' +
        '<div srcset="https://x.test/not-an-image-element.png">y</div>' +
        '<div style="background-image: url(https://x.test/ok.png), url(/local.png)">z</div>',
    );
    expect(html).not.toContain('refused.test');
    expect(html).not.toContain('not-an-image-element');
    expect(html).not.toContain('local.png');
    // A table background is shown as the cell's background-image.
    expect(proxiedUrls(html)).toEqual(['https://x.test/2.png', 'https://x.test/bg.png']);
    expect(html).toContain('<table style="background-image: url(&quot;/api/proxy?');
    // img, one srcset candidate, the style, the mixed url() declaration; never the poster of a
    // video, which is not shown at all
    expect(remoteBlocked).toBe(4);
  });

  it('never trusts a proxy path written in the message: it is signed again, or blocked', () => {
    const planted = '<img src="/api/proxy?url=https%3A%2F%2Fx.test%2Fspy.png&amp;sig=forged">';
    const signed = allowed(planted).html;
    expect(signed).not.toContain('forged');
    expect(proxiedUrls(signed)).toEqual(['https://x.test/spy.png']);
    const blocked = clean(planted);
    expect(blocked.html).not.toContain('/api/proxy');
    expect(blocked.remoteBlocked).toBe(1);
  });

  it('is idempotent with proxied images', () => {
    const once = allowed(
      '<p style="background-image: url(https://x.test/bg.png); color: blue">' +
        '<img src="https://x.test/a.png" srcset="https://x.test/b.png 2x, cid:logo@x 3x"></p>',
    ).html;
    expect(once).toContain('/api/folders/INBOX/messages/7/parts/2?inline=1 3x');
    expect(allowed(once).html).toBe(once);
    expect(allowed(once).remoteBlocked).toBe(0);
  });

  it('judges a repeated style alike each time, counting every blocked one, in this pass only', () => {
    const cell = '<td style="color: red; background-image: url(https://x.test/a.png)">t</td>';
    const { html, remoteBlocked } = clean(`<table><tr>${cell}${cell}${cell}</tr></table>`);
    expect(html.match(/style="color: red"/g)).toHaveLength(3);
    expect(remoteBlocked).toBe(3);
    const proxied = allowed(`<table><tr>${cell}${cell}</tr></table>`);
    expect(proxied.remoteBlocked).toBe(0);
    expect(proxiedUrls(proxied.html)).toEqual(['https://x.test/a.png', 'https://x.test/a.png']);
  });
});

describe('limits before sanitizing', () => {
  it('refuses HTML nested deeper than any mail needs', () => {
    const nested = '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_000);
    expect(htmlTooComplex(nested)).toMatch(/nested more than/);
  });

  it('accepts ordinary, sloppy mail: unclosed paragraphs, cells and list items', () => {
    const sloppy = '<table>' + '<tr><td><p>cell<td><ul><li>a<li>b</ul>'.repeat(2000) + '</table>';
    expect(htmlTooComplex(sloppy)).toBeUndefined();
    expect(htmlTooComplex('<div><span><b>x</b></span></div>'.repeat(5000))).toBeUndefined();
  });

  it('refuses too many elements', () => {
    expect(htmlTooComplex('<span>x</span>'.repeat(htmlLimits.elements + 1))).toMatch(/elements/);
  });
});
