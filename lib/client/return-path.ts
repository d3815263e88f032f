/**
 * Where to go after signing in: only a path on Tern's own origin, so a crafted link
 * (`/login?next=https://evil.example`) cannot send a user elsewhere.
 */
export const defaultReturnPath = '/mail/INBOX';

const base = 'http://tern.invalid';

export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || candidate.length > 2000) return defaultReturnPath;
  // "//host" and "/\host" are protocol-relative to browsers; control characters hide tricks.
  if (!candidate.startsWith('/') || /^\/[/\\]/.test(candidate)) return defaultReturnPath;
  if ([...candidate].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return defaultReturnPath;
  let url: URL;
  try {
    url = new URL(candidate, base);
  } catch {
    return defaultReturnPath;
  }
  if (url.origin !== base) return defaultReturnPath;
  // Checked again after the URL parser resolved dot segments: "/..//evil.example" becomes "//evil…".
  if (/^\/[/\\]/.test(url.pathname)) return defaultReturnPath;
  if (url.pathname.startsWith('/api/') || url.pathname === '/login') return defaultReturnPath;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The login page's address that comes back to `path` afterwards. */
export function loginPathFor(path: string): string {
  const target = safeReturnPath(path);
  return target === defaultReturnPath ? '/login' : `/login?next=${encodeURIComponent(target)}`;
}
