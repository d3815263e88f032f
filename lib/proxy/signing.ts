/**
 * Proxy URLs are signed, so the proxy fetches only URLs Tern itself put into a message it showed,
 * and only for the user it showed them to: HMAC-SHA256 over (user, URL) with a key of its own,
 * derived from TERN_SESSION_SECRET with HKDF (so the cookie seal and these signatures never share
 * a key, and every instance with the same secret accepts the same links).
 *
 * Bound to the user's address, not the session id: the proxy route already demands a live
 * session, so tying links to one session would add nothing against a stolen link, but it would
 * change every image's URL at each sign-in and on every device, throwing away the browser's
 * cache (Cache-Control: private, max-age=86400). Another user's links fail the check.
 */
import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const signatureBytes = 32;
const signatureShape = /^[0-9a-f]{64}$/;

export class UrlSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', secret, 'tern', 'tern image proxy url signature v1', signatureBytes),
    );
  }

  /** The signature, as 64 hex digits. */
  sign(user: string, url: string): string {
    return this.mac(user, url).toString('hex');
  }

  /** Whether `signature` was made by sign(user, url); compared in constant time. */
  verify(user: string, url: string, signature: string): boolean {
    if (!signatureShape.test(signature)) return false;
    return timingSafeEqual(this.mac(user, url), Buffer.from(signature, 'hex'));
  }

  /** The user's length first, so no (user, URL) pair can be shifted into another. */
  private mac(user: string, url: string): Buffer {
    const who = user.trim().toLowerCase();
    return createHmac('sha256', this.key).update(`${who.length}:${who}\n${url}`).digest();
  }
}
