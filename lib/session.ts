/**
 * The signed-in session: an iron-sealed cookie holding the user's credentials and a random
 * session id, so any Tern instance (or a restarted one) can rebuild the user's IMAP session
 * without asking again. Logout revokes the id, so a copied cookie stops working.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import { Lru } from './lru';

export interface SessionData {
  v: 1;
  /** Random id: the handle for revocation and for the user's IMAP connections. */
  sid: string;
  email: string;
  password: string;
  remember: boolean;
  createdAt: number;
  seenAt: number;
}

export interface SessionPolicy {
  /** Signed out after this long without a request (rolling). */
  idleMs: number;
  /** Signed out this long after sign-in, however active. */
  absoluteMs: number;
  /** The absolute lifetime with "keep me signed in". */
  rememberAbsoluteMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  rememberAbsoluteMs: 30 * 24 * 3_600_000,
};

/**
 * Where logouts are remembered until the sessions they end would have expired anyway.
 * In memory by default; several instances behind a load balancer share one through this interface.
 */
export interface RevocationStore {
  revoke(sid: string, until: number): Promise<void>;
  isRevoked(sid: string, now: number): Promise<boolean>;
}

export class MemoryRevocationStore implements RevocationStore {
  private readonly revoked = new Map<string, number>();

  revoke(sid: string, until: number): Promise<void> {
    this.revoked.set(sid, until);
    return Promise.resolve();
  }

  isRevoked(sid: string, now: number): Promise<boolean> {
    this.forgetExpired(now);
    return Promise.resolve(this.revoked.has(sid));
  }

  private forgetExpired(now: number): void {
    for (const [sid, until] of this.revoked) if (until <= now) this.revoked.delete(sid);
  }
}

/** Re-seal the cookie at most this often, so the idle timeout rolls without a Set-Cookie per request. */
const refreshAfterMs = 60_000;

export class SessionCookies {
  readonly name: string;
  private readonly secure: boolean;
  private readonly secret: string;
  private readonly policy: SessionPolicy;
  private readonly revocations: RevocationStore;
  private readonly unsealed = new Lru<string, SessionData>(10_000);

  constructor(options: {
    secret: string;
    publicUrl: URL;
    policy?: SessionPolicy;
    revocations?: RevocationStore;
  }) {
    this.secure = options.publicUrl.protocol === 'https:';
    // __Host- binds the cookie to this exact origin over HTTPS: no Domain, Path=/, Secure.
    this.name = this.secure ? '__Host-tern-session' : 'tern-session';
    this.secret = options.secret;
    this.policy = options.policy ?? defaultSessionPolicy;
    this.revocations = options.revocations ?? new MemoryRevocationStore();
  }

  create(email: string, password: string, remember: boolean, now = Date.now()): SessionData {
    return {
      v: 1,
      sid: randomBytes(18).toString('base64url'),
      email,
      password,
      remember,
      createdAt: now,
      seenAt: now,
    };
  }

  /**
   * "Keep me signed in" is the user's choice to stay signed in while away, so only the absolute
   * lifetime ends such a session; otherwise the idle timeout does too.
   */
  expiresAt(session: SessionData): number {
    if (session.remember) return session.createdAt + this.policy.rememberAbsoluteMs;
    return Math.min(
      session.createdAt + this.policy.absoluteMs,
      session.seenAt + this.policy.idleMs,
    );
  }

  needsRefresh(session: SessionData, now = Date.now()): boolean {
    return now - session.seenAt >= refreshAfterMs;
  }

  /** The Set-Cookie value for a session, marking it seen now. */
  async issue(session: SessionData, now = Date.now()): Promise<string> {
    const seen = { ...session, seenAt: now };
    const ttlSeconds = Math.max(1, Math.ceil((this.expiresAt(seen) - now) / 1000));
    const sealed = await sealData(seen, { password: this.secret, ttl: ttlSeconds });
    // Without "keep me signed in" the cookie ends with the browser; the seal's own expiry still holds.
    return this.cookie(sealed, seen.remember ? ttlSeconds : undefined);
  }

  clear(): string {
    return this.cookie('', 0);
  }

  /** The session a request carries, or undefined when absent, tampered, expired or revoked. */
  read(request: Request, now = Date.now()): Promise<SessionData | undefined> {
    return this.readSealed(readCookie(request.headers.get('cookie'), this.name), now);
  }

  /** The session a cookie value opens, for pages that read cookies through Next. */
  async readSealed(sealed: string | undefined, now = Date.now()): Promise<SessionData | undefined> {
    if (!sealed) return undefined;
    const data = await this.unseal(sealed);
    if (!data) return undefined;
    if (now >= this.expiresAt(data)) return undefined;
    if (await this.revocations.isRevoked(data.sid, now)) return undefined;
    return data;
  }

  /**
   * Unsealing costs most of a millisecond, on every request; a cookie seen before is answered from
   * memory. The key is the seal's hash, so equal cookies give equal answers and nothing else.
   */
  private async unseal(sealed: string): Promise<SessionData | undefined> {
    const key = createHash('sha256').update(sealed).digest('base64url');
    const known = this.unsealed.get(key);
    if (known) return known;
    const data = await unsealData<Partial<SessionData>>(sealed, { password: this.secret }).catch(
      () => ({}),
    );
    if (!isSessionData(data)) return undefined;
    this.unsealed.set(key, data);
    return data;
  }

  revoke(session: SessionData): Promise<void> {
    const longestPossible =
      session.createdAt + Math.max(this.policy.absoluteMs, this.policy.rememberAbsoluteMs);
    return this.revocations.revoke(session.sid, longestPossible);
  }

  private cookie(value: string, maxAgeSeconds: number | undefined): string {
    const parts = [`${this.name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
    if (this.secure) parts.push('Secure');
    if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
    return parts.join('; ');
  }
}

function isSessionData(data: Partial<SessionData>): data is SessionData {
  return (
    data.v === 1 &&
    typeof data.sid === 'string' &&
    typeof data.email === 'string' &&
    typeof data.password === 'string' &&
    typeof data.remember === 'boolean' &&
    typeof data.createdAt === 'number' &&
    typeof data.seenAt === 'number'
  );
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name)
      return pair.slice(separator + 1).trim();
  }
  return undefined;
}
