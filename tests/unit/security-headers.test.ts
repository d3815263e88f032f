import { describe, expect, it } from 'vitest';
import { securityHeaders } from '@/lib/security-headers';

describe('security headers', () => {
  it('lock pages down over http', () => {
    const headers = securityHeaders({ nonce: 'abc', https: false, dev: false });
    const csp = headers['Content-Security-Policy'];
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('no-referrer');
    expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(headers['Strict-Transport-Security']).toBeUndefined();
  });

  it('add HSTS over https', () => {
    const headers = securityHeaders({ nonce: 'abc', https: true, dev: false });
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d+/);
    expect(headers['Content-Security-Policy']).toContain('upgrade-insecure-requests');
  });

  it('let nothing load or run from an API response, a downloaded part included', () => {
    const headers = securityHeaders({ nonce: 'abc', https: true, dev: false, api: true });
    expect(headers['Content-Security-Policy']).toBe(
      "default-src 'none'; sandbox; frame-ancestors 'none'",
    );
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
  });
});
