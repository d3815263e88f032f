/**
 * The security headers every response carries (../shared/notes/security.md). Pages get a fresh
 * script nonce per request: Next.js reads it from the request's CSP header and puts it on its
 * own scripts, so nothing else may run.
 *
 * No 'server-only' import: server.ts applies these in plain Node, outside Next's bundles.
 */
export interface HeaderContext {
  nonce: string;
  https: boolean;
  /** `next dev` needs eval and a WebSocket for hot reload. */
  dev: boolean;
  /**
   * An API request: JSON and message parts, never a page. Its policy lets nothing load or run,
   * so a downloaded part opened in the browser stays inert.
   */
  api?: boolean;
}

export const apiContentSecurityPolicy = "default-src 'none'; sandbox; frame-ancestors 'none'";

export function contentSecurityPolicy({ nonce, https, dev, api }: HeaderContext): string {
  if (api) return apiContentSecurityPolicy;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // React sets style attributes for layout (virtual lists); styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "frame-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

export function securityHeaders(context: HeaderContext): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy(context),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
  if (context.https) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}
