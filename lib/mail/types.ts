/**
 * The JSON contract between Tern's server and its browser code. Everything the API sends or
 * accepts is typed here once, and both sides import it.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'auth_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'imap_unavailable'
  | 'smtp_unavailable'
  | 'internal';

/** Every API failure has this shape, whatever the status. */
export interface ApiError {
  error: { code: ErrorCode; message: string };
}

export type TlsMode = 'implicit' | 'starttls' | 'none';

/** GET /api/health */
export interface HealthReport {
  status: 'ok';
  imap: {
    host: string;
    port: number;
    tls: TlsMode;
    /** What the server advertises before login (after STARTTLS where used). */
    capabilities: string[];
    latencyMs: number;
  };
}

/** POST /api/session */
export interface SignInRequest {
  /** The login name the mail server knows; usually an email address. */
  email: string;
  password: string;
  /** Keep me signed in: a persistent cookie with the longer absolute lifetime. */
  remember?: boolean;
}

export interface SessionUser {
  email: string;
}

/** POST and GET /api/session */
export interface SessionReply {
  user: SessionUser;
}
