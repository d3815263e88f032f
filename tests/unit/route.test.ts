/** The signed-in route wrapper, around a handler that needs no mail server. */
import { beforeAll, describe, expect, it } from 'vitest';
import { json, route } from '@/lib/http';
import { services } from '@/lib/services';

const origin = 'http://127.0.0.1:3000';
const whoAmI = route({}, ({ session }) => Promise.resolve(json({ email: session.email })));
const noParams = { params: Promise.resolve({}) };

beforeAll(() => {
  Object.assign(process.env, { TERN_SESSION_SECRET: 'unit-test-secret-long-enough-0123456789' });
});

function request(cookie?: string, init: RequestInit = {}): Request {
  return new Request(`${origin}/api/test`, {
    ...init,
    headers: { ...(cookie ? { cookie } : {}), ...init.headers },
  });
}

async function cookieFor(seenMinutesAgo: number): Promise<string> {
  const { cookies } = services();
  const now = Date.now();
  const session = cookies.create('a@tern.test', 'pw', false, now - seenMinutesAgo * 60_000);
  const header = await cookies.issue(session, now - seenMinutesAgo * 60_000);
  return header.split(';')[0]!;
}

describe('route()', () => {
  it('answers 401 without a session', async () => {
    const response = await whoAmI(request(), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('clears a cookie that no longer opens a session', async () => {
    const response = await whoAmI(request('tern-session=garbage'), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('rolls the idle timeout of an active session, at most once a minute', async () => {
    const fresh = await whoAmI(request(await cookieFor(0)), noParams);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('set-cookie')).toBeNull();
    const older = await whoAmI(request(await cookieFor(5)), noParams);
    expect(await older.json()).toEqual({ email: 'a@tern.test' });
    expect(older.headers.get('set-cookie')).toMatch(/^tern-session=Fe26/);
  });

  it('checks the origin of a state-changing request before anything else', async () => {
    const response = await whoAmI(
      request(await cookieFor(0), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: '{}',
      }),
      noParams,
    );
    expect(response.status).toBe(403);
  });

  it('refuses an expired session', async () => {
    const response = await whoAmI(request(await cookieFor(31)), noParams);
    expect(response.status).toBe(401);
  });
});
