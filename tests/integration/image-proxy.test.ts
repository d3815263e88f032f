/**
 * The image proxy end to end, in-process: GET /api/proxy against a local image server on
 * 127.0.0.1 (reachable only because TERN_IMAGE_PROXY_ALLOW_HOSTS names its exact port), and a
 * message read with ?remote=1 whose remote image then loads through the proxy. All traffic stays
 * on 127.0.0.1: refused targets (10.0.0.1, another loopback port, localhost) are refused before
 * any connection.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as messageRoutes from '@/app/api/folders/[path]/messages/[uid]/route';
import type * as proxyRoutes from '@/app/api/proxy/route';
import type { MessageView } from '@/lib/mail/types';
import { proxyHref } from '@/lib/proxy/path';
import { UrlSigner } from '@/lib/proxy/signing';
import { alice, bob, testServerEnv } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const maxBytes = 1024 * 1024;
const folder = 'Remote images';

let proxyRoute: typeof proxyRoutes;
let messageRoute: typeof messageRoutes;
let cookie = '';
let images: Server;
let other: Server;
let base = '';
let otherBase = '';
const received: IncomingHttpHeaders[] = [];
let otherHits = 0;
/** Bytes the endless image wrote before its connection closed, once it has. */
let endless: Promise<number> = Promise.resolve(0);

function serveImage(response: ServerResponse, path: string): void {
  const send = (status: number, headers: Record<string, string>, body: Buffer | string = '') =>
    void response.writeHead(status, headers).end(body);
  switch (path) {
    case '/png':
    case '/png?2':
      return send(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length) }, png);
    case '/gzip':
      return send(
        200,
        { 'Content-Type': 'IMAGE/PNG; q=1', 'Content-Encoding': 'gzip' },
        gzipSync(png),
      );
    case '/svg':
      return send(200, { 'Content-Type': 'image/svg+xml' }, '<svg onload="alert(1)"/>');
    case '/html':
      return send(200, { 'Content-Type': 'text/html' }, '<script>alert(1)</script>');
    case '/missing':
      return send(404, { 'Content-Type': 'image/png' });
    case '/declared-huge':
      response.writeHead(200, {
        'Content-Type': 'image/png',
        'Content-Length': String(maxBytes + 1),
      });
      return void response.write(Buffer.alloc(1024));
    case '/endless':
      return streamForever(response);
    case '/slow': {
      const timer = setTimeout(() => send(200, { 'Content-Type': 'image/png' }, png), 5000);
      return void response.on('close', () => clearTimeout(timer));
    }
    case '/drip': {
      response.writeHead(200, { 'Content-Type': 'image/png' });
      const timer = setInterval(() => response.write(Buffer.alloc(10)), 100);
      return void response.on('close', () => clearInterval(timer));
    }
    case '/redirect-ok':
      return send(302, { Location: '/png' });
    case '/redirect-private':
      return send(302, { Location: 'http://10.0.0.1/x.png' });
    case '/redirect-loopback':
      return send(302, { Location: `${otherBase}/png` });
    case '/redirect-file':
      return send(301, { Location: 'file:///etc/passwd' });
    case '/redirect-loop':
      return send(302, { Location: '/redirect-loop' });
    default:
      return send(404, {});
  }
}

/** An image that never ends, written as fast as the reader takes it (backpressure honoured). */
function streamForever(response: ServerResponse): void {
  response.writeHead(200, { 'Content-Type': 'image/png' });
  let written = 0;
  const chunk = Buffer.alloc(64 * 1024, 1);
  endless = new Promise((resolve) => response.on('close', () => resolve(written)));
  const pump = () => {
    while (!response.destroyed && written < 512 * 1024 * 1024) {
      written += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
  };
  pump();
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const env = testServerEnv();
const signer = new UrlSigner(env.TERN_SESSION_SECRET!);
/** A proxy path signed for alice, whatever the URL (so the proxy's own checks are reached). */
const signed = (url: string, user = alice.email) => proxyHref(url, signer.sign(user, url));

beforeAll(async () => {
  images = createServer((request, response) => {
    received.push(request.headers);
    serveImage(response, request.url ?? '/');
  });
  other = createServer((_request, response) => {
    otherHits++;
    response.writeHead(200, { 'Content-Type': 'image/png' }).end(png);
  });
  base = await listen(images);
  otherBase = await listen(other);
  Object.assign(process.env, {
    TERN_IMAGE_PROXY_ALLOW_HOSTS: base.slice('http://'.length),
    TERN_IMAGE_PROXY_MAX_MB: '1',
    TERN_IMAGE_PROXY_TIMEOUT_SECONDS: '1',
  });
  cookie = await signInCookie(alice, '192.0.2.61');
  proxyRoute = await import('@/app/api/proxy/route');
  messageRoute = await import('@/app/api/folders/[path]/messages/[uid]/route');
}, 120_000);

afterAll(async () => {
  await closeServices();
  for (const name of [
    'TERN_IMAGE_PROXY_ALLOW_HOSTS',
    'TERN_IMAGE_PROXY_MAX_MB',
    'TERN_IMAGE_PROXY_TIMEOUT_SECONDS',
  ])
    delete process.env[name];
  for (const server of [images, other]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function proxy(href: string, init: { cookie?: string; signal?: AbortSignal } = {}) {
  return proxyRoute.GET(
    new Request(`${origin}${href}`, {
      headers: {
        ...(init.cookie === '' ? {} : { cookie: init.cookie ?? cookie }),
        referer: `${origin}/mail/INBOX?m=1`,
      },
      signal: init.signal,
    }),
    { params: Promise.resolve({}) },
  );
}

async function failure(
  response: Response,
): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

describe('GET /api/proxy', () => {
  it('streams a PNG back byte for byte, inert, without passing on cookies or the Referer', async () => {
    received.length = 0;
    const response = await proxy(signed(`${base}/png`));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=86400',
    });
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; sandbox/);
    expect(received).toHaveLength(1);
    const upstream = received[0]!;
    expect(upstream.cookie).toBeUndefined();
    expect(upstream.referer).toBeUndefined();
    expect(upstream.authorization).toBeUndefined();
    expect(upstream['user-agent']).toBe('Mozilla/5.0 (compatible; Tern image proxy)');
  });

  it('decodes a gzip-encoded image and names its type as allowed', async () => {
    const response = await proxy(signed(`${base}/gzip`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it.each([
    ['/svg', /image\/svg\+xml, not a raster image/],
    ['/html', /text\/html, not a raster image/],
  ])('refuses %s as not a raster image', async (path, message) => {
    const result = await failure(await proxy(signed(`${base}${path}`)));
    expect(result).toMatchObject({ status: 403, code: 'forbidden' });
    expect(result.message).toMatch(message);
  });

  it('passes on a failure of the remote server as 502', async () => {
    const result = await failure(await proxy(signed(`${base}/missing`)));
    expect(result).toMatchObject({ status: 502, code: 'remote_unavailable' });
    expect(result.message).toMatch(/HTTP 404/);
  });

  it('refuses an image declared larger than the cap before reading it', async () => {
    const result = await failure(await proxy(signed(`${base}/declared-huge`)));
    expect(result).toMatchObject({ status: 403, code: 'forbidden' });
    expect(result.message).toMatch(/larger than 1\.0 MB/);
  });

  it('cuts off an image that grows past the cap while streaming, without buffering it', async () => {
    const response = await proxy(signed(`${base}/endless`));
    expect(response.status).toBe(200);
    let read = 0;
    const reader = response.body!.getReader();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          read += value.byteLength;
        }
      })(),
    ).rejects.toThrow(/larger than 1\.0 MB/);
    expect(read).toBeLessThanOrEqual(maxBytes);
    // The remote connection is closed: it stopped at the cap plus what the sockets held.
    expect(await endless).toBeLessThan(16 * maxBytes);
  });

  it('gives up on a server that does not answer in time', async () => {
    const started = Date.now();
    const result = await failure(await proxy(signed(`${base}/slow`)));
    expect(result).toMatchObject({ status: 502, code: 'remote_unavailable' });
    expect(result.message).toMatch(/within 1 s/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cuts off a body that trickles past the deadline', async () => {
    const response = await proxy(signed(`${base}/drip`));
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow(/within 1 s/);
  });

  it('follows a redirect to an allowed URL', async () => {
    const response = await proxy(signed(`${base}/redirect-ok`));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it.each([
    ['/redirect-private', /10\.0\.0\.1 is a private/],
    ['/redirect-loopback', /port \d+ is not one of the web's ports/],
    ['/redirect-file', /file: URLs are not fetched/],
  ])('refuses a redirect to a refused target (%s), connecting nowhere', async (path, message) => {
    const result = await failure(await proxy(signed(`${base}${path}`)));
    expect(result).toMatchObject({ status: 403, code: 'forbidden' });
    expect(result.message).toMatch(message);
    expect(otherHits).toBe(0);
  });

  it('stops after three redirects', async () => {
    const result = await failure(await proxy(signed(`${base}/redirect-loop`)));
    expect(result).toMatchObject({ status: 502, code: 'remote_unavailable' });
    expect(result.message).toMatch(/redirected more than 3 times/);
  });

  it.each([
    ['another loopback port', /port \d+ is not one of the web's ports/],
    ['http://127.0.0.1/png', /127\.0\.0\.1 is a loopback/],
    ['http://[::ffff:7f00:1]/png', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    // a name is resolved by the proxy itself, and refused for what it resolves to
    ['http://localhost/png', /localhost resolves to a loopback/],
  ])('refuses %s even when signed', async (target, message) => {
    const url = target === 'another loopback port' ? `${otherBase}/png` : target;
    const result = await failure(await proxy(signed(url)));
    expect(result).toMatchObject({ status: 403, code: 'forbidden' });
    expect(result.message).toMatch(message);
    expect(otherHits).toBe(0);
  });

  it('answers 403 to a bad, tampered or someone else’s signature', async () => {
    const url = `${base}/png`;
    const good = new URLSearchParams(signed(url).split('?')[1]).get('sig')!;
    const cases = [
      `/api/proxy?url=${encodeURIComponent(url)}&sig=${'0'.repeat(64)}`,
      `/api/proxy?url=${encodeURIComponent(url)}&sig=nothex`,
      `/api/proxy?url=${encodeURIComponent(`${base}/svg`)}&sig=${good}`,
      signed(url, bob.email),
    ];
    for (const href of cases) {
      const result = await failure(await proxy(href));
      expect(result).toMatchObject({ status: 403, code: 'forbidden' });
      expect(result.message).toMatch(/not made by Tern for you/);
    }
  });

  it('answers 400 without a URL or signature, and 401 without a session', async () => {
    expect((await proxy(`/api/proxy?url=${encodeURIComponent(base)}`)).status).toBe(400);
    const signedOut = await failure(await proxy(signed(`${base}/png`), { cookie: '' }));
    expect(signedOut).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('lets go of the remote server when the browser goes away', async () => {
    const controller = new AbortController();
    const response = await proxy(signed(`${base}/endless`), { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
    expect(await endless).toBeLessThan(16 * maxBytes);
  });
});

describe('GET /api/folders/{path}/messages/{uid}?remote=1', () => {
  let uid = 0;

  beforeAll(async () => {
    const html = [
      `<p>Hello</p><img src="${base}/png" alt="remote">`,
      `<img srcset="${base}/png?2 2x">`,
      `<div style="background-image: url(${base}/png)">bg</div>`,
    ].join('');
    const raw = [
      'From: Bob <bob@tern.test>',
      `To: ${alice.email}`,
      'Subject: Remote images',
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
    ].join('\r\n');
    const account = { sid: 'proxy-test', email: alice.email, password: alice.password };
    await services().pool.use(account, async (client) => {
      await client.mailboxCreate(folder);
      const appended = await client.append(folder, Buffer.from(raw), []);
      uid = appended ? (appended.uid ?? 0) : 0;
    });
  });

  function read(query: string): Promise<Response> {
    const segment = encodeURIComponent(folder);
    return messageRoute.GET(
      new Request(`${origin}/api/folders/${segment}/messages/${uid}${query}`, {
        headers: { cookie },
      }),
      { params: Promise.resolve({ path: segment, uid: String(uid) }) },
    );
  }

  it('keeps remote images blocked and counted without it', async () => {
    const message = (await (await read('')).json()) as MessageView;
    expect(message.remoteContent).toEqual({ blocked: 3 });
    expect(message.html).not.toContain(base);
    expect(message.html).not.toContain('/api/proxy');
  });

  it('points them at the proxy, signed for this user, and the image then loads', async () => {
    const response = await read('?remote=1');
    expect(response.status).toBe(200);
    const message = (await response.json()) as MessageView;
    expect(message.remoteContent).toEqual({ blocked: 0 });
    const sources = [...message.html!.matchAll(/(?:src|srcset)="(\/api\/proxy\?[^" ]+)/g)].map(
      (m) => m[1]!.replace(/&amp;/g, '&'),
    );
    expect(sources).toHaveLength(2);
    expect(message.html).toContain('background-image: url(&quot;/api/proxy?url=');
    for (const href of sources) {
      const image = await proxy(href);
      expect(image.status).toBe(200);
      expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    }
  });

  it('answers 400 for another value of remote', async () => {
    expect(await failure(await read('?remote=yes'))).toMatchObject({
      status: 400,
      message: 'remote: must be 0 or 1',
    });
  });
});
