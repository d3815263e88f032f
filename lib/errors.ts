import type { ErrorCode } from './mail/types';

const statusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  auth_failed: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  remote_unavailable: 502,
  imap_unavailable: 503,
  smtp_unavailable: 503,
};

/** Next.js may load this module once per bundle, so `instanceof` fails across bundles; a shared brand does not. */
const mailErrorBrand = Symbol.for('tern.MailError');

/**
 * A failure the user can be told about. Its message is written for the user and is safe to send;
 * anything else that is thrown becomes a generic 'internal' error and is only logged.
 */
export class MailError extends Error {
  readonly [mailErrorBrand] = true;
  readonly code: ErrorCode;
  readonly status: number;
  /** When the client may try again (sent as Retry-After), for rate limits and backoff. */
  readonly retryAfterSeconds: number | undefined;
  /** A Set-Cookie header to send with the error, e.g. clearing a cookie that no longer works. */
  readonly setCookie: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number; setCookie?: string },
  ) {
    super(message, options);
    this.name = 'MailError';
    this.code = code;
    this.status = statusByCode[code];
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.setCookie = options?.setCookie;
  }
}

/** Is this a MailError (with this code, when given)? Use instead of `instanceof`. */
export function isMailError(error: unknown, code?: ErrorCode): error is MailError {
  return (
    typeof error === 'object' &&
    error !== null &&
    mailErrorBrand in error &&
    (code === undefined || (error as MailError).code === code)
  );
}
