import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assertSameOriginJson, errorResponse, parseJsonBody } from '@/lib/http';

const publicUrl = new URL('http://127.0.0.1:3000');

function post(headers: Record<string, string>, body = '{}'): Request {
  return new Request('http://127.0.0.1:3000/api/session', { method: 'POST', headers, body });
}

function refusal(request: Request): unknown {
  try {
    assertSameOriginJson(request, publicUrl);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('CSRF defence', () => {
  const json = { 'content-type': 'application/json' };

  it('lets same-origin JSON through', () => {
    expect(
      refusal(post({ ...json, origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' })),
    ).toBeUndefined();
    expect(
      refusal(
        post({
          'content-type': 'application/json; charset=utf-8',
          origin: 'http://127.0.0.1:3000',
        }),
      ),
    ).toBeUndefined();
  });

  it('never checks reads', () => {
    expect(refusal(new Request('http://127.0.0.1:3000/api/session'))).toBeUndefined();
  });

  it.each([
    [
      'a form post',
      { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:3000' },
      415,
    ],
    ['text/plain', { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3000' }, 415],
    ['another origin', { ...json, origin: 'https://evil.example' }, 403],
    ['a cross-site fetch', { ...json, 'sec-fetch-site': 'cross-site' }, 403],
    ['a same-site sibling', { ...json, 'sec-fetch-site': 'same-site' }, 403],
    ['no origin information at all', json, 403],
  ])('refuses %s', (_name, headers, status) => {
    expect(refusal(post(headers))).toMatchObject({ status });
  });
});

describe('JSON bodies', () => {
  const schema = z.object({ email: z.email(), remember: z.boolean().optional() });

  it('returns the validated body', async () => {
    await expect(parseJsonBody(post({}, '{"email":"alice@tern.test"}'), schema)).resolves.toEqual({
      email: 'alice@tern.test',
    });
  });

  it.each([
    ['not JSON', '{email:', /not valid JSON/],
    ['a wrong field', '{"email":"nope"}', /^email: /],
  ])('answers 400 for %s', async (_name, body, message) => {
    const error = await parseJsonBody(post({}, body), schema).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect((error as Error).message).toMatch(message);
  });

  it('answers 413 for a body over the limit: 64 KB, or what the route allows', async () => {
    const body = JSON.stringify({ email: 'alice@tern.test', pad: 'x'.repeat(70_000) });
    const error = await parseJsonBody(post({}, body), schema).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413 });
    expect((error as Error).message).toMatch(/larger than 64 KB/);
    await expect(parseJsonBody(post({}, body), schema, 100_000)).resolves.toEqual({
      email: 'alice@tern.test',
    });
  });
});

describe('error responses', () => {
  it('never leak an unexpected error', async () => {
    const original = console.error;
    console.error = () => {};
    const response = errorResponse(new Error('secret internal detail at /srv/x.ts:12'));
    console.error = original;
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).not.toContain('secret');
  });
});
