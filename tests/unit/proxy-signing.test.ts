import * as crypto from 'node:crypto';
import type * as Crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { UrlSigner } from '@/lib/proxy/signing';

vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof Crypto>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const signer = new UrlSigner('test-secret-that-is-long-enough-0123456789');
const url = 'https://images.example.com/a.png?x=1';
const alice = 'alice@tern.test';

describe('image proxy URL signatures', () => {
  it('accepts its own signature for the same user and URL, as 64 hex digits', () => {
    const sig = signer.sign(alice, url);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.verify(alice, url, sig)).toBe(true);
    expect(signer.verify('Alice@Tern.test', url, sig)).toBe(true);
    expect(signer.sign(alice, url)).toBe(sig);
  });

  it('refuses a signature made for another user', () => {
    const sig = signer.sign(alice, url);
    expect(signer.verify('bob@tern.test', url, sig)).toBe(false);
  });

  it('refuses a tampered URL or signature', () => {
    const sig = signer.sign(alice, url);
    expect(signer.verify(alice, `${url}&y=2`, sig)).toBe(false);
    expect(signer.verify(alice, url.replace('a.png', 'b.png'), sig)).toBe(false);
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    expect(signer.verify(alice, url, flipped)).toBe(false);
  });

  it('refuses signatures of the wrong shape without comparing them', () => {
    const sig = signer.sign(alice, url);
    for (const bad of ['', sig.slice(2), `${sig}00`, sig.toUpperCase(), `${sig.slice(1)}g`, 'x'])
      expect(signer.verify(alice, url, bad)).toBe(false);
  });

  it('cannot be moved between user and URL', () => {
    // "a" + "b\nc" and "a\nb" + "c" must not sign the same text.
    expect(signer.sign('a', 'b\nc')).not.toBe(signer.sign('a\nb', 'c'));
  });

  it('depends on the secret', () => {
    const other = new UrlSigner('another-secret-that-is-long-enough-987654');
    expect(other.verify(alice, url, signer.sign(alice, url))).toBe(false);
  });

  it('compares in constant time', () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    compare.mockClear();
    signer.verify(alice, url, signer.sign(alice, url));
    signer.verify(alice, url, '0'.repeat(64));
    expect(compare).toHaveBeenCalledTimes(2);
  });
});
