/** JSON answers encoded once for the browser: gzip when it pays and is accepted, never by Next. */
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addressStampedFlag } from '@/lib/client-address';
import { acceptEncodingHeader, acceptsGzip, contentEncodingHeader } from '@/lib/http-encoding';
import { encodedForRequest, jsonResponse } from '@/lib/json-response';

const big = { rows: Array.from({ length: 100 }, (_, i) => ({ uid: i, subject: `Row ${i}` })) };

/** A request as server.ts hands it on: the browser's Accept-Encoding under Tern's own name. */
function requestAccepting(acceptEncoding?: string): Request {
  return new Request('http://127.0.0.1:3000/api/test', {
    headers: acceptEncoding === undefined ? {} : { [acceptEncodingHeader]: acceptEncoding },
  });
}

beforeEach(() => {
  vi.stubEnv(addressStampedFlag, '1');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip;q=0.0, *;q=1', false],
    ['br, *;q=0', false],
    ['identity', false],
    ['', false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('is false without the header', () => {
    expect(acceptsGzip(null)).toBe(false);
  });
});

describe('encodedForRequest', () => {
  it('gzips JSON of 1 KB or more for a browser that accepts it, and keeps Next off it', async () => {
    const response = encodedForRequest(requestAccepting('gzip, br'), jsonResponse(big));
    expect(response.headers.get(contentEncodingHeader)).toBe('gzip');
    expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
    expect(response.headers.get('vary')).toContain('Accept-Encoding');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(big);
  });

  it('sends small JSON, or JSON to a browser without gzip, as it is', async () => {
    for (const [body, accept] of [
      [{ ok: true }, 'gzip'],
      [big, undefined],
      [big, 'gzip;q=0'],
    ] as const) {
      const response = encodedForRequest(requestAccepting(accept), jsonResponse(body));
      expect(response.headers.get(contentEncodingHeader)).toBeNull();
      expect(response.headers.get('cache-control')).toBe('no-store, no-transform');
      expect(await response.json()).toEqual(body);
    }
  });

  it('keeps the status and headers added after the JSON was built', () => {
    const built = jsonResponse({ error: { code: 'not_found', message: 'gone' } }, { status: 404 });
    built.headers.append('Set-Cookie', 'a=1');
    built.headers.append('Set-Cookie', 'b=2');
    const response = encodedForRequest(requestAccepting('gzip'), built);
    expect(response.status).toBe(404);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it("never gzips outside Tern's own server, which alone restores the Content-Encoding", () => {
    vi.stubEnv(addressStampedFlag, '');
    const response = encodedForRequest(requestAccepting('gzip'), jsonResponse(big));
    expect(response.headers.get(contentEncodingHeader)).toBeNull();
  });

  it('leaves responses it did not build alone', () => {
    const stream = new Response('data: x\n\n', { headers: { 'Cache-Control': 'no-cache' } });
    expect(encodedForRequest(requestAccepting('gzip'), stream)).toBe(stream);
  });
});
