/**
 * Tern's image proxy: the only way remote images in a message reach the browser, and only once
 * the user allowed remote content. The sanitizer asks it for a signed proxy path per remote
 * image; the proxy route hands a request back to it, and it checks the signature before
 * fetching anything (./fetch-image.ts) and answers with headers that keep the image inert.
 */
import 'server-only';
import { Readable } from 'node:stream';
import { MailError } from '../errors';
import { apiContentSecurityPolicy } from '../security-headers';
import { createAgents, fetchImage, type FetchLimits, type ProxyAgents } from './fetch-image';
import { refused } from './lookup';
import { proxyHref } from './path';
import { UrlSigner } from './signing';
import { parseTarget, targetRefusal, type AllowedHosts } from './target';

export interface ImageProxyOptions {
  /** TERN_SESSION_SECRET: the signing key is derived from it. */
  secret: string;
  enabled: boolean;
  maxBytes: number;
  timeoutMs: number;
  /** Loopback host:port pairs reachable although refused: for tests only. */
  allowed?: AllowedHosts;
}

export interface ProxiedImage {
  body: ReadableStream<Uint8Array>;
  headers: Headers;
}

/** Redirects followed per image; more is a loop or a tracker chain. */
const maxRedirects = 3;

export class ImageProxy {
  readonly enabled: boolean;
  private readonly signer: UrlSigner;
  private readonly limits: FetchLimits;
  private readonly agents: ProxyAgents = createAgents();

  constructor(options: ImageProxyOptions) {
    this.enabled = options.enabled;
    this.signer = new UrlSigner(options.secret);
    this.limits = {
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      maxRedirects,
      allowed: options.allowed ?? new Set(),
    };
  }

  /**
   * For the sanitizer: a remote URL → the proxy path signed for this user, or undefined (the
   * image stays blocked) when the proxy is off or would refuse the URL anyway.
   */
  remoteUrlFor(user: string): ((url: string) => string | undefined) | undefined {
    if (!this.enabled) return undefined;
    return (text) => {
      const url = parseTarget(text);
      if (!url || targetRefusal(url, this.limits.allowed)) return undefined;
      return proxyHref(url.href, this.signer.sign(user, url.href));
    };
  }

  /** Checks a proxy request's signature, then fetches and streams the image. */
  async open(user: string, url: string, sig: string, signal?: AbortSignal): Promise<ProxiedImage> {
    if (!this.enabled)
      throw new MailError('forbidden', 'Remote images are turned off on this Tern server.');
    if (!this.signer.verify(user, url, sig))
      throw new MailError(
        'forbidden',
        'This image link was not made by Tern for you, so it is not loaded.',
      );
    const target = parseTarget(url);
    if (!target) throw refused('its address is not a valid URL');
    const image = await fetchImage(target, this.limits, this.agents, signal);
    return {
      body: Readable.toWeb(image.body) as ReadableStream<Uint8Array>,
      headers: imageHeaders(image.type),
    };
  }

  /** Closes pooled connections (tests, shutdown). */
  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}

function imageHeaders(type: string): Headers {
  return new Headers({
    'Content-Type': type,
    'X-Content-Type-Options': 'nosniff',
    // "default-src 'none'; sandbox" and more: also what server.ts sets on every API response.
    'Content-Security-Policy': apiContentSecurityPolicy,
    // The URL is signed for one user and names the image exactly: the browser may keep it a day.
    'Cache-Control': 'private, max-age=86400',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
}
