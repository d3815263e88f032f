/**
 * How API routes answer: JSON bodies, and failures always as `{ error: { code, message } }`.
 * Unknown failures are logged on the server and never leak a stack trace or internal message.
 */
import 'server-only';
import type { z } from 'zod';
import { isConfigError, type TernConfig } from './env';
import { clientAddressOf } from './client-address';
import { isMailError, MailError } from './errors';
import { encodedForRequest, jsonResponse } from './json-response';
import type { PoolAccount } from './imap/pool';
import { services, type Services } from './services';
import { readCookie, type SessionCookies, type SessionData } from './session';
import { fileTooLargeMessage, sizeInWords } from './shared/size';
import type { ApiError, ErrorCode } from './mail/types';

/** A JSON answer (never cached); the route wrapper compresses it for the browser. */
export function json<T>(body: T, init: ResponseInit = {}): Response {
  return jsonResponse(body, init);
}

function jsonError(
  code: ErrorCode,
  message: string,
  status: number,
  headers?: HeadersInit,
): Response {
  const body: ApiError = { error: { code, message } };
  return json(body, { status, headers });
}

interface Failure {
  code: ErrorCode;
  message: string;
  status: number;
  headers?: Headers;
}

/** What a failure says to the browser; anything not a MailError is logged and said plainly. */
function failureOf(error: unknown): Failure {
  if (isMailError(error)) {
    const headers = new Headers();
    if (error.retryAfterSeconds !== undefined)
      headers.set('Retry-After', String(error.retryAfterSeconds));
    if (error.setCookie) headers.set('Set-Cookie', error.setCookie);
    if (error.code === 'internal') console.error('tern: unexpected error:', error.cause ?? error);
    return { code: error.code, message: error.message, status: error.status, headers };
  }
  if (isConfigError(error)) {
    console.error(`tern: configuration error: ${error.message}`);
    return {
      code: 'internal',
      message: 'Tern is not configured correctly; the administrator has been told.',
      status: 500,
    };
  }
  console.error('tern: unexpected error:', error);
  return {
    code: 'internal',
    message:
      'Something went wrong on the server. Try again; if it keeps happening, tell the administrator.',
    status: 500,
  };
}

export function errorResponse(error: unknown): Response {
  const { code, message, status, headers } = failureOf(error);
  return jsonError(code, message, status, headers);
}

/** The error body alone, for a failure after a streamed response has begun. */
export function errorBody(error: unknown): ApiError {
  const { code, message } = failureOf(error);
  return { error: { code, message } };
}

/** Runs a handler, maps whatever it throws to a JSON error, and encodes JSON for the browser. */
async function handle(request: Request, work: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    response = errorResponse(error);
  }
  return encodedForRequest(request, response);
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing requests: JSON only (a form post cannot send it cross-site
 * without a preflight), and the browser must say the request comes from Tern's own origin.
 */
export function assertSameOriginJson(request: Request, publicUrl: URL): void {
  if (safeMethods.has(request.method)) return;
  assertContentType(
    request,
    /^application\/json\s*(;|$)/i,
    'as JSON (Content-Type: application/json)',
  );
  assertSameOrigin(request, publicUrl);
}

/**
 * The same defence for a file's raw bytes: application/octet-stream is no CORS-safelisted type
 * either, so another site cannot send it without a preflight Tern never answers.
 */
export function assertSameOriginUpload(request: Request, publicUrl: URL): void {
  assertContentType(
    request,
    /^application\/octet-stream\s*(;|$)/i,
    "as the file's bytes (Content-Type: application/octet-stream)",
  );
  assertSameOrigin(request, publicUrl);
}

function assertContentType(request: Request, expected: RegExp, how: string): void {
  if (!expected.test(request.headers.get('content-type') ?? ''))
    throw new MailError('unsupported_media_type', `Send the request ${how}.`);
}

function assertSameOrigin(request: Request, publicUrl: URL): void {
  const fetchSite = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  const sameSite = fetchSite === null || fetchSite === 'same-origin';
  const sameOrigin = origin === null || origin === publicUrl.origin;
  if (!sameSite || !sameOrigin || (fetchSite === null && origin === null)) {
    throw new MailError(
      'forbidden',
      'This request did not come from Tern itself, so it was refused.',
    );
  }
}

/** The JSON body size a route accepts unless its spec says otherwise. */
const defaultMaxJsonBytes = 64 * 1024;

/** The body as text, stopping as soon as it passes `limit` bytes (never buffering a huge upload). */
async function readLimited(request: Request, limit: number): Promise<string> {
  const tooLarge = () =>
    new MailError('payload_too_large', `The request body is larger than ${sizeInWords(limit)}.`);
  if (Number(request.headers.get('content-length') ?? 0) > limit) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads and validates a JSON body; every failure is a 400 that says what was wrong. */
export async function parseJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  maxBytes = defaultMaxJsonBytes,
): Promise<T> {
  const text = await readLimited(request, maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MailError('invalid_request', 'The request body is not valid JSON.');
  }
  return validated(body, schema);
}

/** Reads the query string; a repeated or invalid parameter is a 400 that names it. */
export function parseQuery<T>(request: Request, schema: z.ZodType<T>): T {
  const params = new URL(request.url).searchParams;
  const values: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in values) throw new MailError('invalid_request', `${name}: is given more than once`);
    values[name] = value;
  }
  return validated(values, schema, 'query');
}

function validated<T>(value: unknown, schema: z.ZodType<T>, what = 'body'): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || what;
    throw new MailError('invalid_request', `${field}: ${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}

export interface RouteSpec<B, Q> {
  /** Validates the JSON body; without it the body is not read. */
  body?: z.ZodType<B>;
  /** Validates the query string (each parameter once, as a string). */
  query?: z.ZodType<Q>;
  /** The largest JSON body accepted (64 KB unless given); a larger one is a 413. */
  maxBytes?: number;
}

type RouteParams = Record<string, string | string[] | undefined>;

/** What every handler gets: the request, its validated body and path parameters, and the services. */
export interface RouteContext<B, Q = undefined> {
  request: Request;
  body: B;
  query: Q;
  params: RouteParams;
  clientAddress: string;
  services: Services;
}

/** A signed-in handler also gets the session and the account its IMAP connections belong to. */
export interface SignedInContext<B, Q = undefined> extends RouteContext<B, Q> {
  session: SessionData;
  account: PoolAccount;
}

/** The shape Next.js calls a route handler with. */
export type RouteHandler = (
  request: Request,
  context: { params: Promise<RouteParams> },
) => Promise<Response>;

/** CSRF first, then the body: a cross-site request is refused before anything is read. */
function guard(request: Request): Services {
  const shared = services();
  assertSameOriginJson(request, shared.config.publicUrl);
  return shared;
}

async function contextFor<B, Q>(
  spec: RouteSpec<B, Q>,
  request: Request,
  context: { params: Promise<RouteParams> },
  shared: Services,
): Promise<RouteContext<B, Q>> {
  return {
    request,
    body: spec.body ? await parseJsonBody(request, spec.body, spec.maxBytes) : (undefined as B),
    query: spec.query ? parseQuery(request, spec.query) : (undefined as Q),
    params: await context.params,
    clientAddress: clientAddressOf(request),
    services: shared,
  };
}

/** A route anyone may call (sign-in, health). CSRF checks, validation and error mapping included. */
export function publicRoute<B = undefined, Q = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (context: RouteContext<B, Q>) => Promise<Response>,
): RouteHandler {
  return (request, context) =>
    handle(request, async () => handler(await contextFor(spec, request, context, guard(request))));
}

/**
 * A route for signed-in users. The session is checked here, inside the handler, never only in
 * proxy.ts; an active session's cookie is re-sealed now and then so the idle timeout rolls, and
 * a cookie that no longer opens a session is cleared.
 */
export function route<B = undefined, Q = undefined>(
  spec: RouteSpec<B, Q>,
  handler: (context: SignedInContext<B, Q>) => Promise<Response>,
): RouteHandler {
  return (request, context) =>
    handle(request, async () => {
      const shared = guard(request);
      return signedIn(request, shared, () => contextFor(spec, request, context, shared), handler);
    });
}

/** The session around a handler: 401 without one, cookie re-sealed now and then, cleared when dead. */
async function signedIn<B, Q>(
  request: Request,
  shared: Services,
  prepare: () => Promise<RouteContext<B, Q>>,
  handler: (context: SignedInContext<B, Q>) => Promise<Response>,
): Promise<Response> {
  const { cookies } = shared;
  const session = await cookies.read(request);
  if (!session) throw signedOut(cookies, request);
  const prepared = await prepare();
  const account = {
    sid: session.sid,
    email: session.email,
    password: session.password,
    clientAddress: prepared.clientAddress,
  };
  const response = await handler({ ...prepared, session, account }).catch((error: unknown) => {
    // The mail server stopped accepting the stored password: the session is over.
    if (isMailError(error, 'unauthenticated')) throw signedOut(cookies, request, error.message);
    throw error;
  });
  if (cookies.needsRefresh(session) && !response.headers.has('set-cookie'))
    response.headers.append('Set-Cookie', await cookies.issue(session));
  return response;
}

export interface UploadSpec<Q> {
  /** Validates the query string, which carries what the body is (its name, its type). */
  query?: z.ZodType<Q>;
  /** The largest body accepted; a larger one is a 413 before a byte of it is read. */
  maxBytes: (config: TernConfig) => number;
}

/** A signed-in upload handler gets the body unread, to stream it where it belongs. */
export interface UploadContext<Q> extends SignedInContext<undefined, Q> {
  upload: {
    body: ReadableStream<Uint8Array>;
    /** What Content-Length declared: within maxBytes. The body may still lie; count as you read. */
    declaredBytes: number;
    maxBytes: number;
  };
}

/**
 * A route that takes a file's raw bytes (application/octet-stream) from a signed-in user.
 * Cross-site requests are refused, and the session checked, before anything is read; the body
 * must declare its length, and one declared over the limit is refused without reading it. The
 * handler streams the body on (never buffering it whole) and must itself stop at maxBytes,
 * since a body can be longer than it said.
 */
export function uploadRoute<Q = undefined>(
  spec: UploadSpec<Q>,
  handler: (context: UploadContext<Q>) => Promise<Response>,
): RouteHandler {
  return (request, context) =>
    handle(request, async () => {
      const shared = services();
      assertSameOriginUpload(request, shared.config.publicUrl);
      const maxBytes = spec.maxBytes(shared.config);
      const prepare = () =>
        contextFor<undefined, Q>({ query: spec.query }, request, context, shared);
      return signedIn(request, shared, prepare, (signedInContext) => {
        const declaredBytes = declaredLength(request, maxBytes);
        const body = request.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
        return handler({ ...signedInContext, upload: { body, declaredBytes, maxBytes } });
      });
    });
}

/** Content-Length, required for an upload, and within the limit. */
function declaredLength(request: Request, maxBytes: number): number {
  const header = request.headers.get('content-length');
  if (header === null || !/^\d{1,15}$/.test(header.trim())) {
    throw new MailError(
      'invalid_request',
      'The upload did not say how large it is (Content-Length). Try again.',
    );
  }
  const declared = Number(header.trim());
  if (declared > maxBytes) throw new MailError('payload_too_large', fileTooLargeMessage(maxBytes));
  return declared;
}

function signedOut(
  cookies: SessionCookies,
  request: Request,
  message = 'You are signed out. Sign in again to continue.',
): MailError {
  const hadCookie = readCookie(request.headers.get('cookie'), cookies.name) !== undefined;
  return new MailError('unauthenticated', message, {
    setCookie: hadCookie ? cookies.clear() : undefined,
  });
}
