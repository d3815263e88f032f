/**
 * The API's JSON answers, compressed here in one call instead of by Next.
 *
 * Next pipes every response through a new zlib stream, tiny or not: on a list window (13 KB of
 * JSON) that costs about 0.7 ms more than gzipping the finished text at once (0.1 ms), and as
 * much on a 40-byte answer that compression cannot shrink. So JSON of 1 KB or more is gzipped
 * whole when the browser accepts it, smaller JSON goes as it is, and both say no-transform, which
 * keeps Next's compression off them.
 */
import 'server-only';
import { gzipSync } from 'node:zlib';
import { addressStampedFlag } from './client-address';
import { acceptEncodingHeader, acceptsGzip, contentEncodingHeader } from './http-encoding';

const compressFrom = 1024;

/** The text of each JSON response json() built, so the route wrapper can encode it once. */
const texts = new WeakMap<Response, string>();

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set('Content-Type', 'application/json');
  headers.set('Cache-Control', 'no-store');
  const response = new Response(text, { ...init, headers });
  texts.set(response, text);
  return response;
}

/**
 * A JSON response from jsonResponse(), encoded for this request; any other response as it is.
 * Headers added after json() built it (a refreshed session cookie) are kept.
 */
export function encodedForRequest(request: Request, response: Response): Response {
  const text = texts.get(response);
  if (text === undefined) return response;
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'no-store, no-transform');
  headers.append('Vary', 'Accept-Encoding');
  const init = { status: response.status, statusText: response.statusText, headers };
  // Only Tern's own server restores the Content-Encoding; under `next start` JSON goes as it is.
  const carried = process.env[addressStampedFlag] === '1';
  const accepted = carried && acceptsGzip(request.headers.get(acceptEncodingHeader));
  if (text.length < compressFrom || !accepted) return new Response(text, init);
  headers.set(contentEncodingHeader, 'gzip');
  return new Response(gzipSync(text), init);
}
