/**
 * Which address a request came from, for login throttling. `next start` passes on whatever
 * X-Forwarded-For a client sends, so Tern's own server (server.ts) decides instead: the socket's
 * address, or the forwarded one only when the socket belongs to a proxy the administrator named
 * in TERN_TRUSTED_PROXY. It stamps the answer into a header that it always overwrites.
 *
 * No 'server-only' import: server.ts loads this file in plain Node, outside Next's bundles.
 */
import { isIP } from 'node:net';

export const clientAddressHeader = 'x-tern-client-address';
/** Set by server.ts in its own process, so route handlers know the header is its and not a client's. */
export const addressStampedFlag = 'TERN_CLIENT_ADDRESS_STAMPED';

/** `::ffff:192.0.2.1` and `192.0.2.1` are the same client. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return trimmed.toLowerCase().startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4
    ? trimmed.slice(7)
    : trimmed.toLowerCase();
}

/** Some proxies add the port: `[2001:db8::1]:4711` or `192.0.2.1:4711`. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/** TERN_TRUSTED_PROXY: comma-separated IP addresses of the reverse proxies in front of Tern. */
export function parseTrustedProxies(value: string | undefined): Set<string> {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!isIP(entry)) {
      throw new Error(
        `TERN_TRUSTED_PROXY must list IP addresses separated by commas (got '${entry}')`,
      );
    }
  }
  return new Set(entries.map(normalizeAddress));
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy; then the nearest
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are the client's
 * own claims and could be forged).
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  const direct = normalizeAddress(socketAddress ?? 'unknown');
  if (!trustedProxies.has(direct) || forwardedFor === undefined) return direct;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => normalizeAddress(withoutPort(entry.trim())))
    .filter((a) => isIP(a));
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    const hop = chain[i]!;
    if (!trustedProxies.has(hop)) return hop;
  }
  return direct;
}

/** In a route handler: the stamped address, or one shared bucket when Tern runs without server.ts. */
export function clientAddressOf(request: Request): string {
  if (process.env[addressStampedFlag] !== '1') return 'unknown';
  return request.headers.get(clientAddressHeader) ?? 'unknown';
}
