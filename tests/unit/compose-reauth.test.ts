import { afterEach, describe, expect, it, vi } from 'vitest';
import { call } from '@/lib/client/api';
import { uploadPath } from '@/lib/client/compose/upload';
import { claimSessionEnd, renewSession, sessionEnded } from '@/lib/client/session-ended';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

const expired = () => json(401, { error: { code: 'unauthenticated', message: 'Sign in again.' } });

afterEach(() => {
  claimSessionEnd(undefined);
  vi.unstubAllGlobals();
});

describe('the session ending while a composer holds words', () => {
  it('goes to the login page when nothing claims the ending', async () => {
    const assign = vi.fn();
    vi.stubGlobal('window', { location: { assign, pathname: '/mail/Drafts', search: '?m=4' } });
    expect(renewSession()).toBeUndefined();
    expect(await sessionEnded()).toBe(false);
    expect(assign).toHaveBeenCalledWith('/login?next=%2Fmail%2FDrafts%3Fm%3D4');
  });

  it('asks once for all the calls that met the 401 at the same moment', async () => {
    let answer: (signedIn: boolean) => void = () => {};
    const renewer = vi.fn(() => new Promise<boolean>((resolve) => (answer = resolve)));
    claimSessionEnd(renewer);
    const first = renewSession();
    const second = renewSession();
    expect(renewer).toHaveBeenCalledTimes(1);
    answer(true);
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    // A later ending asks again.
    const later = renewSession();
    expect(renewer).toHaveBeenCalledTimes(2);
    answer(false);
    expect(await later).toBe(false);
  });

  it('stays on the page when the user says "not now"', async () => {
    const assign = vi.fn();
    vi.stubGlobal('window', { location: { assign, pathname: '/mail/INBOX', search: '' } });
    claimSessionEnd(() => Promise.resolve(false));
    expect(await sessionEnded()).toBe(false);
    expect(assign).not.toHaveBeenCalled();
  });

  it('makes the failed call once more after signing in again', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockResolvedValueOnce(expired())
      .mockResolvedValueOnce(json(200, { draft: { folder: 'Drafts', uid: 5 } }));
    vi.stubGlobal('fetch', fetch);
    claimSessionEnd(() => Promise.resolve(true));
    const result = await call('PUT', '/api/drafts/AAAAAAAAAAAAAAAAAAAAAA', { subject: 'kept' });
    expect(result).toEqual({ ok: true, value: { draft: { folder: 'Drafts', uid: 5 } } });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(fetch.mock.calls[1]![1]).toMatchObject({ method: 'PUT', body: '{"subject":"kept"}' });
  });

  it('gives the 401 back when the user did not sign in, or nothing claims it', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => Promise.resolve(expired()));
    vi.stubGlobal('fetch', fetch);
    expect(await call('GET', '/api/compose/contacts')).toMatchObject({ ok: false, status: 401 });
    claimSessionEnd(() => Promise.resolve(false));
    expect(await call('GET', '/api/compose/contacts')).toMatchObject({ ok: false, status: 401 });
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('never replays a sign-in: its 401 is a wrong password', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() =>
      Promise.resolve(json(401, { error: { code: 'auth_failed', message: 'Wrong password.' } })),
    );
    vi.stubGlobal('fetch', fetch);
    const renewer = vi.fn(() => Promise.resolve(true));
    claimSessionEnd(renewer);
    expect(await call('POST', '/api/session', { email: 'a', password: 'b' })).toMatchObject({
      status: 401,
      code: 'auth_failed',
    });
    expect(renewer).not.toHaveBeenCalled();
  });
});

describe('an upload', () => {
  it('names the file and its type in the query, the bytes being the body', () => {
    expect(uploadPath({ name: 'Report 2026 & more.pdf', type: 'application/pdf' })).toBe(
      '/api/compose/attachments?filename=Report+2026+%26+more.pdf&type=application%2Fpdf',
    );
    expect(uploadPath({ name: 'x', type: '' })).toBe(
      '/api/compose/attachments?filename=x&type=application%2Foctet-stream',
    );
  });
});
