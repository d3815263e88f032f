import type { ErrorCode } from './mail/types';

const statusByCode: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  auth_failed: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  imap_unavailable: 503,
  smtp_unavailable: 503,
};

/**
 * A failure the user can be told about. Its message is written for the user and is safe to send;
 * anything else that is thrown becomes a generic 'internal' error and is only logged.
 */
export class MailError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailError';
    this.code = code;
    this.status = statusByCode[code];
  }
}
