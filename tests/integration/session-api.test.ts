/**
 * /api/session in-process against the real Dovecot: the route handlers exactly as Next calls them,
 * with the configuration a Tern server would have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as sessionRoutes from '@/app/api/session/route';
import { clientAddressHeader } from '@/lib/client-address';
import type { SessionCookies } from '@/lib/session';
import { stopDovecot, up } from '../../scripts/stack/stack.ts';
import { alice, testServerEnv, testStack } from '../support/test-stack.ts';

const origin = testServerEnv().TERN_PUBLIC_URL!;
const servicesKey = Symbol.for('tern.services');
let routes: typeof sessionRoutes;

beforeAll(async () => {
  Object.assign(process.env, testServerEnv(), {
    TERN_CLIENT_ADDRESS_STAMPED: '1',
    TERN_LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
    TERN_LOGIN_MAX_FAILURES_PER_ADDRESS: '6',
  });
  routes = await import('@/app/api/session/route');
});

afterAll(async () => {
  const holder = globalThis as Record<symbol, { pool: { closeAll(): Promise<void> } } | undefined>;
  await holder[servicesKey]?.pool.closeAll();
  holder[servicesKey] = undefined;
});

const noParams = { params: Promise.resolve({}) };
let nextAddress = 1;

/** Each test signs in from its own address, so the per-address limit only meets the test about it. */
function newAddress(): string {
  nextAddress += 1;
  return `192.0.2.${nextAddress}`;
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${origin}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin,
      'sec-fetch-site': 'same-origin',
      [clientAddressHeader]: newAddress(),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function withCookie(method: 'GET' | 'DELETE', cookie: string): Request {
  return new Request(`${origin}/api/session`, {
    method,
    headers: {
      cookie,
      origin,
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
    },
    body: method === 'DELETE' ? '{}' : undefined,
  });
}

/** The name=value part of a Set-Cookie header, as a browser would send it back. */
function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

async function signIn(password = alice.password, email = alice.email): Promise<Response> {
  return routes.POST(post({ email, password }), noParams);
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('POST /api/session', () => {
  it('signs in with the right password and sets a safe session cookie', async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: { email: alice.email } });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^tern-session=/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).not.toContain('Max-Age'); // a browser-session cookie without "keep me signed in"
    expect(setCookie.length).toBeLessThan(4096);

    const me = await routes.GET(withCookie('GET', cookieOf(response)), noParams);
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { email: alice.email } });
  });

  it('keeps the cookie under 4 KB with the longest address and password allowed', async () => {
    const { cookies } = (globalThis as Record<symbol, { cookies: SessionCookies }>)[servicesKey]!;
    const session = cookies.create(`${'a'.repeat(244)}@tern.test`, '密'.repeat(170), true);
    expect((await cookies.issue(session)).length).toBeLessThan(4096);
  });

  it('keeps the user signed in across browser restarts when asked', async () => {
    const response = await routes.POST(
      post({ email: alice.email, password: alice.password, remember: true }),
      noParams,
    );
    expect(response.status).toBe(200);
    const maxAge = Number(/Max-Age=(\d+)/.exec(response.headers.get('set-cookie') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const wrong = await signIn('not-the-password');
    const unknown = await signIn('whatever', 'nobody@tern.test');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual({ code: 'auth_failed', message: 'Wrong email address or password.' });
    expect(b).toEqual(a);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it.each([
    ['malformed JSON', '{"email": '],
    ['a missing password', { email: alice.email }],
    ['a missing email', { password: 'x' }],
    ['an oversized password', { email: alice.email, password: 'x'.repeat(2000) }],
    ['an oversized email', { email: `${'a'.repeat(300)}@tern.test`, password: 'x' }],
    ['a non-boolean remember', { email: alice.email, password: 'x', remember: 'yes' }],
    ['a line break in the password', { email: alice.email, password: 'a\r\nb' }],
    ['control characters in the password', { email: alice.email, password: '\u0001'.repeat(100) }],
    ['a password over 512 bytes', { email: alice.email, password: '密'.repeat(200) }],
  ])('refuses %s with 400 invalid_request', async (_, body) => {
    const response = await routes.POST(post(body), noParams);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_request');
  });

  it('refuses a form post with 415 and a cross-site post with 403', async () => {
    const form = await routes.POST(
      post('email=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' }),
      noParams,
    );
    expect(form.status).toBe(415);
    const foreignOrigin = await routes.POST(
      post({ email: alice.email, password: alice.password }, { origin: 'https://evil.example' }),
      noParams,
    );
    expect(foreignOrigin.status).toBe(403);
    const crossSite = await routes.POST(
      post({ email: alice.email, password: alice.password }, { 'sec-fetch-site': 'cross-site' }),
      noParams,
    );
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
  });

  it('throttles an account after repeated failures, saying when to retry', async () => {
    const account = 'throttled@tern.test';
    // In parallel: attempts are counted before the password check, so a burst cannot slip through.
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => signIn('guess', account).then((r) => r.status)),
    );
    expect(attempts.filter((s) => s === 401)).toHaveLength(3);
    expect(attempts.filter((s) => s === 429)).toHaveLength(2);
    const refused = await signIn('guess', account);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await errorOf(refused)).message).toMatch(/Too many sign-in attempts\. Wait \d+/);
    // Other accounts are not affected.
    expect((await signIn()).status).toBe(200);
  });

  it('throttles a client address that tries many accounts', async () => {
    const address = '198.51.100.7';
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        routes.POST(
          post(
            { email: `user${i}@tern.test`, password: 'guess' },
            { [clientAddressHeader]: address },
          ),
          noParams,
        ),
      ),
    );
    expect(tries.map((r) => r.status)).toEqual(Array(6).fill(401));
    const next = await routes.POST(
      post({ email: alice.email, password: alice.password }, { [clientAddressHeader]: address }),
      noParams,
    );
    expect(next.status).toBe(429);
  });
});

describe('GET /api/session', () => {
  it('answers 401 unauthenticated without a cookie', async () => {
    const response = await routes.GET(new Request(`${origin}/api/session`), noParams);
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('unauthenticated');
  });

  it('answers 401 to a tampered cookie and clears it', async () => {
    const cookie = cookieOf(await signIn());
    const tampered = cookie.slice(0, -6) + (cookie.endsWith('A') ? 'B' : 'A') + cookie.slice(-5);
    const response = await routes.GET(withCookie('GET', tampered), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toMatch(/^tern-session=;.*Max-Age=0/);
  });
});

describe('DELETE /api/session', () => {
  it('signs out, and a copy of the cookie stops working', async () => {
    const cookie = cookieOf(await signIn());
    const copy = cookie;
    const out = await routes.DELETE(withCookie('DELETE', cookie), noParams);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tern-session=;.*Max-Age=0/);
    const again = await routes.GET(withCookie('GET', copy), noParams);
    expect(again.status).toBe(401);
  });
});

describe('when Dovecot is down', () => {
  it('answers 503 within a few seconds and keeps running', async () => {
    await stopDovecot(testStack.dir);
    try {
      const started = performance.now();
      const response = await signIn();
      expect(performance.now() - started).toBeLessThan(6000);
      expect(response.status).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      const error = await errorOf(response);
      expect(error.code).toBe('imap_unavailable');
      expect(error.message).toMatch(/mail server/i);
      expect(error.message).not.toMatch(/\n\s+at /);
    } finally {
      await up(testStack, () => {});
    }
    // Still serving: the outage ends, sign-in works again (after the short backoff).
    await expect
      .poll(async () => (await signIn()).status, { timeout: 15_000, interval: 500 })
      .toBe(200);
  });
});
