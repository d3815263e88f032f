/**
 * How API routes answer: JSON bodies, and failures always as `{ error: { code, message } }`.
 * Unknown failures are logged on the server and never leak a stack trace or internal message.
 */
import 'server-only';
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
