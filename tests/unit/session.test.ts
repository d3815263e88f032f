import { describe, expect, it } from 'vitest';
import { SessionCookies, defaultSessionPolicy, readCookie } from '@/lib/session';

const secret = 'a-test-secret-that-is-long-enough-for-iron';
const local = new URL('http://127.0.0.1:3000');
const minute = 60_000;
const hour = 60 * minute;

function requestWith(setCookie: string): Request {
  const pair = setCookie.split(';')[0]!;
  return new Request('http://127.0.0.1:3000/api/session', {
    headers: { cookie: `other=1; ${pair}` },
  });
}

describe('session cookies', () => {
  it('round-trips a session and keeps the cookie small', async () => {
    const cookies = new SessionCookies({ secret, publicUrl: local });
    const session = cookies.create('alice@tern.test', 'p'.repeat(200), false, 1000);
    const header = await cookies.issue(session, 1000);
    expect(header.length).toBeLessThan(4096);
    expect(header).toMatch(/^tern-session=.+; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(await cookies.read(requestWith(header), 2000)).toMatchObject({
      email: 'alice@tern.test',
      sid: session.sid,
    });
  });

  it('uses a __Host- Secure cookie over https, persistent only when remembered', async () => {
    const cookies = new SessionCookies({ secret, publicUrl: new URL('https://mail.example.com') });
    const now = Date.now();
    const kept = await cookies.issue(cookies.create('a@b.c', 'x', true, now), now);
    expect(kept).toMatch(
      /^__Host-tern-session=.+; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=\d+$/,
    );
    const browserSession = await cookies.issue(cookies.create('a@b.c', 'x', false, now), now);
    expect(browserSession).not.toContain('Max-Age');
  });

  it('ends after the idle timeout, and activity rolls it forward', async () => {
    const cookies = new SessionCookies({ secret, publicUrl: local });
    const start = Date.now();
    const session = cookies.create('a@b.c', 'x', false, start);
    const first = await cookies.issue(session, start);
    expect(await cookies.read(requestWith(first), start + 29 * minute)).toBeDefined();
    expect(await cookies.read(requestWith(first), start + 31 * minute)).toBeUndefined();

    const rolled = await cookies.issue(session, start + 20 * minute);
    expect(await cookies.read(requestWith(rolled), start + 45 * minute)).toBeDefined();
  });

  it('ends at the absolute lifetime however active, much later with "keep me signed in"', () => {
    const cookies = new SessionCookies({ secret, publicUrl: local });
    const start = Date.now();
    const session = cookies.create('a@b.c', 'x', false, start);
    const late = start + 12 * hour - minute;
    expect(cookies.expiresAt({ ...session, seenAt: late })).toBe(
      start + defaultSessionPolicy.absoluteMs,
    );
    const remembered = cookies.create('a@b.c', 'x', true, start);
    // Kept signed in while away: a remembered session has no idle timeout.
    expect(cookies.expiresAt({ ...remembered, seenAt: start })).toBe(
      start + defaultSessionPolicy.rememberAbsoluteMs,
    );
    expect(cookies.expiresAt({ ...remembered, seenAt: start + 30 * 24 * hour - minute })).toBe(
      start + defaultSessionPolicy.rememberAbsoluteMs,
    );
  });

  it('refuses a tampered or foreign cookie', async () => {
    const cookies = new SessionCookies({ secret, publicUrl: local });
    const header = await cookies.issue(cookies.create('a@b.c', 'x', false));
    const seal = header.split(';')[0]!;
    const middle = Math.floor(seal.length / 2);
    const flipped = seal[middle] === 'A' ? 'B' : 'A';
    const tampered = `${seal.slice(0, middle)}${flipped}${seal.slice(middle + 1)}`;
    expect(await cookies.read(requestWith(tampered))).toBeUndefined();
    const other = new SessionCookies({
      secret: 'another-secret-that-is-also-long-enough',
      publicUrl: local,
    });
    expect(await other.read(requestWith(header))).toBeUndefined();
    expect(
      await cookies.read(new Request('http://x/', { headers: { cookie: 'tern-session=garbage' } })),
    ).toBeUndefined();
  });

  it('stops accepting a revoked session, even a copied cookie', async () => {
    const cookies = new SessionCookies({ secret, publicUrl: local });
    const session = cookies.create('a@b.c', 'x', false);
    const header = await cookies.issue(session);
    await cookies.revoke(session);
    expect(await cookies.read(requestWith(header))).toBeUndefined();
  });

  it('reads one cookie out of a header', () => {
    expect(readCookie('a=1; tern-session=abc=; b=2', 'tern-session')).toBe('abc=');
    expect(readCookie('xtern-session=1', 'tern-session')).toBeUndefined();
    expect(readCookie(null, 'tern-session')).toBeUndefined();
  });
});
