/**
 * A compose's identity, drawn in the browser: 22 base64url characters (132 random bits). The
 * server derives the Message-ID from it, so the drafts and the sent message share it and a send
 * retried after a network error is recognised. getRandomValues works on plain http too, where
 * randomUUID does not.
 */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function newComposeId(
  random: (bytes: Uint8Array) => void = (b) => crypto.getRandomValues(b),
): string {
  const bytes = new Uint8Array(22);
  random(bytes);
  return Array.from(bytes, (byte) => alphabet[byte & 63]).join('');
}

/**
 * The revision of the next save: higher than any before it, here or on another device that
 * continued this draft earlier (so a clock, not a counter, unless the clock stands still).
 */
export function nextRevision(last: number, now = Date.now()): number {
  return Math.max(last + 1, now);
}
