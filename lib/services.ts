/**
 * The long-lived pieces the route handlers share: session cookies, the IMAP pool, the login
 * throttle and the image proxy, built once from the configuration. They live on globalThis
 * because Next may load a module more than once (per route bundle, and again on every hot reload
 * in development), and a second pool would leak connections; server.ts finds the pool there to
 * log out on shutdown.
 */
import 'server-only';
import { getConfig, type TernConfig } from './env';
import { ImapPool } from './imap/pool';
import { LiveHub } from './mail/live/hub';
import { MessageCache } from './mail/message-cache';
import { ImageProxy } from './proxy/image-proxy';
import { SessionCookies } from './session';
import { LoginThrottle } from './throttle';

export interface Services {
  config: TernConfig;
  cookies: SessionCookies;
  pool: ImapPool;
  loginThrottle: LoginThrottle;
  messageCache: MessageCache;
  imageProxy: ImageProxy;
  live: LiveHub;
}

const key = Symbol.for('tern.services');
type Holder = Record<symbol, Services | undefined>;

export function createServices(config: TernConfig): Services {
  const messageCache = new MessageCache();
  return {
    config,
    cookies: new SessionCookies({
      secret: config.sessionSecret,
      publicUrl: config.publicUrl,
      policy: config.session,
    }),
    pool: new ImapPool({
      endpoint: config.imap,
      tlsCa: config.tlsCa,
      idleMs: config.imapPool.idleMs,
      maxPerUser: config.imapPool.maxPerUser,
    }),
    loginThrottle: new LoginThrottle(config.loginLimits),
    messageCache,
    imageProxy: new ImageProxy({
      secret: config.sessionSecret,
      enabled: config.imageProxy.enabled,
      maxBytes: config.imageProxy.maxBytes,
      timeoutMs: config.imageProxy.timeoutMs,
      allowed: new Set(config.imageProxy.allowHosts),
    }),
    live: new LiveHub({
      endpoint: config.imap,
      tlsCa: config.tlsCa,
      changed: (user, path) => messageCache.markChanged(user, path),
    }),
  };
}

export function services(): Services {
  const holder = globalThis as Holder;
  holder[key] ??= createServices(getConfig());
  return holder[key];
}
