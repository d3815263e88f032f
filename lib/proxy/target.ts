/**
 * Which URLs the image proxy may fetch, judged before any connection: http(s) only, no
 * credentials, the web's usual ports, and no IP literal outside the public address space. Host
 * names are judged again when they resolve (./lookup.ts), since only then is the address known.
 */
import { isIP } from 'node:net';
import { addressRefusal } from './addresses';

/** Longer URLs are refused: no image needs them, and they bloat every signed link. */
export const maxUrlLength = 2048;

/** Other ports reach mail, database or admin services on public hosts; images live on these. */
const webPorts = new Set([80, 443, 8080, 8443]);

/**
 * Exact `host:port` pairs the proxy may reach although their address is refused. Only loopback
 * IP literals qualify (see parseAllowedHost), so tests can serve images from 127.0.0.1 without
 * opening the rest of the network; a host name never matches, whatever it resolves to.
 */
export type AllowedHosts = ReadonlySet<string>;

export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** `127.0.0.1:8080`, `[::1]:8080`: the form allowed hosts are kept in. */
export function hostKey(host: string, port: number): string {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) === 6 ? `[${bare}]:${port}` : `${bare}:${port}`;
}

/** The URL, when the text is one the proxy could fetch (shape only; see targetRefusal). */
export function parseTarget(text: string): URL | undefined {
  if (text.length > maxUrlLength) return undefined;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Why this URL may not be fetched, or undefined when it may. */
export function targetRefusal(url: URL, allowed: AllowedHosts): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `${url.protocol} URLs are not fetched, only http and https`;
  if (url.username || url.password) return 'URLs with a user name or password are not fetched';
  if (url.href.length > maxUrlLength)
    return `URLs longer than ${maxUrlLength} characters are not fetched`;
  const port = portOf(url);
  if (allowed.has(hostKey(url.hostname, port))) return undefined;
  if (!webPorts.has(port))
    return `port ${port} is not one of the web's ports (80, 443, 8080, 8443)`;
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and the like into dotted decimal.
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const refusal = addressRefusal(host);
    if (refusal) return `${host} is a ${refusal} address`;
  }
  return undefined;
}

/** Whether a connected socket's peer is one the proxy may talk to. */
export function peerAllowed(address: string, port: number, allowed: AllowedHosts): boolean {
  return addressRefusal(address) === undefined || allowed.has(hostKey(address, port));
}

/**
 * One entry of TERN_IMAGE_PROXY_ALLOW_HOSTS as its key, or an explanation of why it is not
 * acceptable. Loopback literals with an explicit port only: enough for a test's local image
 * server, and nothing an administrator could use to open the private network by mistake.
 */
export function parseAllowedHost(entry: string): { key: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(`http://${entry.trim()}`);
  } catch {
    return { problem: `'${entry}' is not host:port` };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
  if (!loopback || !url.port || url.pathname !== '/' || url.search || url.username)
    return {
      problem: `'${entry}' must be a loopback address and port such as 127.0.0.1:8080 or [::1]:8080`,
    };
  return { key: hostKey(host, Number(url.port)) };
}
