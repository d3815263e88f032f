/**
 * Tern's HTTP server: Next.js behind a thin layer that does what `next start` cannot.
 * - It decides the client's address from the socket (or a named trusted proxy), because Next
 *   passes on whatever X-Forwarded-For a client sends, and login throttling depends on it.
 * - It sets the security headers on every response, static files included, with a fresh CSP
 *   nonce per request that Next puts on its own scripts.
 * - On SIGTERM/SIGINT it stops accepting requests and logs out of the IMAP server.
 *
 * Usage: node server.ts [--dev] [--hostname 127.0.0.1] [--port 3000]
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import {
  addressStampedFlag,
  clientAddressHeader,
  parseTrustedProxies,
  resolveClientAddress,
} from './lib/client-address.ts';
import { acceptEncodingHeader, contentEncodingHeader } from './lib/http-encoding.ts';
import { securityHeaders } from './lib/security-headers.ts';

const { values } = parseArgs({
  options: {
    dev: { type: 'boolean', default: false },
    hostname: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '3000' },
  },
});
const dev = values.dev;
const port = Number(values.port);

Object.assign(process.env, {
  NODE_ENV: process.env.NODE_ENV ?? (dev ? 'development' : 'production'),
  NEXT_TELEMETRY_DISABLED: '1',
  [addressStampedFlag]: '1',
});

// Logging is best effort. When whatever reads the log goes away (a closed pipe), each write fails
// with EPIPE; unhandled, that error is logged again, which fails again: the server would spin at
// full CPU and answer nothing. Mail matters more than the log, so the lost lines are let go.
for (const output of [process.stdout, process.stderr]) output.on('error', () => {});

function fail(message: string): never {
  console.error(`tern: configuration error: ${message}`);
  process.exit(1);
}

const { default: next } = await import('next');
const app = next({ dev, hostname: values.hostname, port });
const handle = app.getRequestHandler();
// After prepare(): Next has loaded .env files into process.env by then.
await app.prepare();

let trustedProxies: Set<string>;
try {
  trustedProxies = parseTrustedProxies(process.env.TERN_TRUSTED_PROXY);
} catch (error) {
  fail((error as Error).message);
}
const https = URL.canParse(process.env.TERN_PUBLIC_URL ?? '')
  ? new URL(process.env.TERN_PUBLIC_URL!).protocol === 'https:'
  : false;

/** A handler's own Content-Encoding (lib/http-encoding.ts) goes out as the real header. */
function restoreContentEncoding(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = (...args: unknown[]) => {
    const coding = response.getHeader(contentEncodingHeader);
    if (coding !== undefined) {
      response.removeHeader(contentEncodingHeader);
      response.setHeader('Content-Encoding', coding);
    }
    return writeHead(...args);
  };
}

const server = createServer((request, response) => {
  const nonce = randomBytes(16).toString('base64');
  const api = request.url?.startsWith('/api/') ?? false;
  const headers = securityHeaders({ nonce, https, dev, api });
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
  // Next reads the nonce from the request's policy; a client's own copy of either header is replaced.
  request.headers['content-security-policy'] = headers['Content-Security-Policy'];
  if (api) {
    request.headers[acceptEncodingHeader] = request.headers['accept-encoding'] ?? '';
    restoreContentEncoding(response);
  }
  request.headers[clientAddressHeader] = resolveClientAddress(
    request.socket.remoteAddress,
    request.headers['x-forwarded-for'],
    trustedProxies,
  );
  handle(request, response).catch((error: unknown) => {
    console.error('tern: request failed:', error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});

server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE')
    fail(
      `${values.hostname}:${port} is already in use (is Tern running already?); pick another --port`,
    );
  if (error.code === 'EACCES')
    fail(`no permission to listen on ${values.hostname}:${port}; pick a port above 1023`);
  fail(`cannot listen on ${values.hostname}:${port}: ${error.message}`);
});
server.listen(port, values.hostname, () => {
  console.log(`tern: listening on http://${values.hostname}:${port}${dev ? ' (development)' : ''}`);
});

interface ClosableServices {
  pool?: { closeAll(): Promise<void> };
}

async function shutDown(signal: string): Promise<void> {
  console.log(`tern: ${signal}: stopping`);
  server.close();
  server.closeIdleConnections();
  // The route handlers' services live inside Next's bundle; they register themselves here.
  const services = (globalThis as Record<symbol, ClosableServices | undefined>)[
    Symbol.for('tern.services')
  ];
  const loggedOut = services?.pool?.closeAll() ?? Promise.resolve();
  await Promise.race([loggedOut, new Promise((resolve) => setTimeout(resolve, 3000))]);
  process.exit(0);
}
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutDown(signal));
}
