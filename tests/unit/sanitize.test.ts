import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '@/lib/mime/sanitize';

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
      '<img src="https://tracker.test/p.gif" alt="hi">' +
        '<table background="http://x.test/bg.png"><tr><td style="color: red; background-image: url(https://x.test/a.png)">t</td></tr></table>' +
        '<img srcset="https://x.test/1.png 1x">',
    );
    expect(html).not.toContain('tracker.test');
    expect(html).not.toContain('x.test');
    expect(html).toContain('alt="hi"');
    expect(html).toContain('color: red');
    expect(remoteBlocked).toBe(4);
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
    [
      '<video><track kind="subtitles" src="https://leaking.via/track-src" default></track></video>',
      1,
    ],
    [
      '<div style="color: red; background-image: image(\'https://leaking.via/inline-css-image-function\')">x</div>',
      1,
    ],
    [
      '<div style="background: cross-fade(url(https://leaking.via/a), url(https://leaking.via/b), 50%)">x</div>',
      0, // jsdom's CSS parser drops the declaration whole
    ],
  ])('makes every way of loading inert: %s', (vector, blocked) => {
    const { html, remoteBlocked } = clean(vector);
    expect(html).not.toContain('leaking.via');
    expect(remoteBlocked).toBe(blocked);
  });
});
