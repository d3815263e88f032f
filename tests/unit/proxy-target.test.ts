import { describe, expect, it } from 'vitest';
import { ImageProxy } from '@/lib/proxy/image-proxy';
import { proxiedTarget, proxyHref } from '@/lib/proxy/path';
import { UrlSigner } from '@/lib/proxy/signing';
import { parseAllowedHost, parseTarget, peerAllowed, targetRefusal } from '@/lib/proxy/target';

const none = new Set<string>();
const refusal = (text: string, allowed = none) => {
  const url = parseTarget(text);
  return url ? targetRefusal(url, allowed) : 'unparsable';
};

describe('image proxy URL validation', () => {
  it.each([
    'https://images.example.com/a.png',
    'http://images.example.com/a.png?w=100',
    'https://images.example.com:8443/a.png',
    'http://93.184.215.14/a.png',
    'https://[2606:4700:4700::1111]/a.png',
  ])('accepts %s', (url) => {
    expect(refusal(url)).toBeUndefined();
  });

  it.each([
    ['ftp://example.com/a.png', /ftp: URLs are not fetched/],
    ['file:///etc/passwd', /file: URLs/],
    ['data:image/png;base64,AAAA', /data: URLs/],
    ['javascript:alert(1)', /javascript: URLs/],
    ['https://user:pw@example.com/a.png', /user name or password/],
    ['https://example.com:22/a.png', /port 22/],
    ['http://example.com:6379/', /port 6379/],
    ['http://127.0.0.1/a.png', /loopback/],
    ['http://2130706433/a.png', /127\.0\.0\.1 is a loopback/], // decimal IPv4
    ['http://0x7f.1/a.png', /127\.0\.0\.1 is a loopback/], // hex, shortened
    ['http://017700000001/a.png', /loopback/], // octal
    ['http://0/a.png', /this network/],
    ['http://10.0.0.1/a.png', /private/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://[::1]/a.png', /not global unicast/],
    ['http://[::ffff:127.0.0.1]/a.png', /loopback/],
    ['http://[fd00::1]/a.png', /not global unicast/],
    [`https://example.com/${'a'.repeat(2100)}`, 'unparsable'],
    ['not a url', 'unparsable'],
  ])('refuses %s', (url, reason) => {
    if (typeof reason === 'string') expect(refusal(url)).toBe(reason);
    else expect(refusal(url)).toMatch(reason);
  });

  it('lets an allowed loopback host:port through, and nothing beside it', () => {
    const allowed = new Set(['127.0.0.1:8123', '[::1]:8123']);
    expect(refusal('http://127.0.0.1:8123/a.png', allowed)).toBeUndefined();
    expect(refusal('http://[::1]:8123/a.png', allowed)).toBeUndefined();
    expect(refusal('http://127.0.0.1:8124/a.png', allowed)).toMatch(/port 8124/);
    expect(refusal('http://127.0.0.1/a.png', allowed)).toMatch(/loopback/);
    expect(refusal('http://127.0.0.2:8123/a.png', allowed)).toMatch(/port/);
    // a name never matches, whatever it resolves to (the lookup refuses loopback answers)
    expect(refusal('http://localhost:8123/a.png', allowed)).toMatch(/port 8123/);
    expect(peerAllowed('127.0.0.1', 8123, allowed)).toBe(true);
    expect(peerAllowed('127.0.0.1', 8124, allowed)).toBe(false);
    expect(peerAllowed('8.8.8.8', 443, none)).toBe(true);
    expect(peerAllowed('::ffff:10.0.0.1', 443, none)).toBe(false);
  });

  it('reads TERN_IMAGE_PROXY_ALLOW_HOSTS entries: loopback literals with a port only', () => {
    expect(parseAllowedHost('127.0.0.1:8123')).toEqual({ key: '127.0.0.1:8123' });
    expect(parseAllowedHost(' [::1]:8123 ')).toEqual({ key: '[::1]:8123' });
    for (const bad of [
      '10.0.0.1:80',
      'localhost:8123',
      '127.0.0.1',
      '[fd00::1]:80',
      '127.0.0.1:1/x',
      'a b',
    ])
      expect(parseAllowedHost(bad)).toHaveProperty('problem');
  });
});

describe('proxy paths', () => {
  it('carry the URL and signature so that CSS url() and srcset can hold them', () => {
    const href = proxyHref("https://x.test/a (1)'s*!.png?a=1,2&b", 'ab'.repeat(32));
    expect(href).toMatch(/^\/api\/proxy\?url=[A-Za-z0-9%._~-]+&sig=[0-9a-f]{64}$/);
    expect(proxiedTarget(href)).toBe("https://x.test/a (1)'s*!.png?a=1,2&b");
    expect(proxiedTarget('/api/folders/x')).toBeUndefined();
    expect(proxiedTarget('https://x.test/api/proxy?url=y')).toBeUndefined();
  });

  it('are signed for the reader, or not made for URLs the proxy would refuse', () => {
    const secret = 'test-secret-that-is-long-enough-0123456789';
    const proxy = new ImageProxy({ secret, enabled: true, maxBytes: 1, timeoutMs: 1 });
    const sign = proxy.remoteUrlFor('alice@tern.test')!;
    const href = sign('https://images.example.com/a b.png')!;
    const params = new URLSearchParams(href.split('?')[1]);
    expect(params.get('url')).toBe('https://images.example.com/a%20b.png');
    expect(
      new UrlSigner(secret).verify('alice@tern.test', params.get('url')!, params.get('sig')!),
    ).toBe(true);
    expect(sign('http://10.0.0.1/a.png')).toBeUndefined();
    expect(sign('https://example.com:25/a.png')).toBeUndefined();
    expect(sign('not a url')).toBeUndefined();
    const off = new ImageProxy({ secret, enabled: false, maxBytes: 1, timeoutMs: 1 });
    expect(off.remoteUrlFor('alice@tern.test')).toBeUndefined();
    proxy.close();
    off.close();
  });
});
