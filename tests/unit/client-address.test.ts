import { describe, expect, it } from 'vitest';
import { parseTrustedProxies, resolveClientAddress } from '@/lib/client-address';

describe('client address', () => {
  const none = new Set<string>();
  const proxy = parseTrustedProxies('10.0.0.1, ::1');

  it('uses the socket and ignores a forged X-Forwarded-For without a trusted proxy', () => {
    expect(resolveClientAddress('::ffff:192.0.2.7', '203.0.113.9', none)).toBe('192.0.2.7');
  });

  it('behind a trusted proxy, takes the nearest address the proxy did not add itself', () => {
    expect(resolveClientAddress('10.0.0.1', 'forged, 203.0.113.9', proxy)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.1', '203.0.113.9, 10.0.0.1', proxy)).toBe('203.0.113.9');
    expect(resolveClientAddress('::1', ['198.51.100.1'], proxy)).toBe('198.51.100.1');
    expect(resolveClientAddress('::1', '198.51.100.1:4711', proxy)).toBe('198.51.100.1');
    expect(resolveClientAddress('::1', '[2001:db8::7]:4711', proxy)).toBe('2001:db8::7');
  });

  it('falls back to the socket when a trusted proxy sends nothing usable', () => {
    expect(resolveClientAddress('10.0.0.1', undefined, proxy)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', 'garbage', proxy)).toBe('10.0.0.1');
  });

  it('refuses a trusted proxy setting that is not a list of addresses', () => {
    expect(() => parseTrustedProxies('proxy.local')).toThrow(/TERN_TRUSTED_PROXY/);
    expect(parseTrustedProxies(undefined).size).toBe(0);
  });
});
