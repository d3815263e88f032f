/**
 * How API routes answer: JSON bodies, and failures always as `{ error: { code, message } }`.
 * Unknown failures are logged on the server and never leak a stack trace or internal message.
 */
import 'server-only';
import type { z } from 'zod';
import { ConfigError } from './env';
import { MailError } from './errors';
import type { ApiError, ErrorCode } from './mail/types';

const noStore = { 'Cache-Control': 'no-store' };

export function json<T>(body: T, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { ...noStore, ...init.headers } });
}

export function jsonError(
  code: ErrorCode,
  message: string,
  status: number,
  headers?: HeadersInit,
): Response {
  const body: ApiError = { error: { code, message } };
  return json(body, { status, headers });
}

export function errorResponse(error: unknown): Response {
  if (error instanceof MailError) return jsonError(error.code, error.message, error.status);
  if (error instanceof ConfigError) {
    console.error(`tern: configuration error: ${error.message}`);
    return jsonError(
      'internal',
      'Tern is not configured correctly; the administrator has been told.',
      500,
    );
  }
  console.error('tern: unexpected error:', error);
  return jsonError(
    'internal',
    'Something went wrong on the server. Try again; if it keeps happening, tell the administrator.',
    500,
  );
}

/** Runs a handler and maps whatever it throws to a JSON error. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    return errorResponse(error);
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing requests: JSON only (a form post cannot send it cross-site
 * without a preflight), and the browser must say the request comes from Tern's own origin.
 */
export function assertSameOriginJson(request: Request, publicUrl: URL): void {
  if (safeMethods.has(request.method)) return;
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new MailError(
      'unsupported_media_type',
      'Send the request as JSON (Content-Type: application/json).',
    );
  }
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

const maxJsonBytes = 64 * 1024;

/** Reads and validates a JSON body; every failure is a 400 that says what was wrong. */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxJsonBytes) {
    throw new MailError(
      'invalid_request',
      `The request body is larger than ${maxJsonBytes / 1024} KB.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MailError('invalid_request', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || 'body';
    throw new MailError('invalid_request', `${field}: ${issue?.message ?? 'is invalid'}`);
  }
  return result.data;
}
