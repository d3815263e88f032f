/**
 * Fetching one remote image for the proxy, as a stream. Every hop is checked: the URL before a
 * connection (./target.ts), each resolved address (./lookup.ts), each connected peer (here), and
 * each redirect's target the same way. Nothing identifying is sent: no cookies, no Referer, a
 * fixed User-Agent. One deadline covers the redirects and the body; the body is counted as it
 * streams and cut off past the size cap, so a huge or endless image never sits in memory.
 */
import 'server-only';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { isMailError, MailError } from '../errors';
import { guardedLookup, refused } from './lookup';
import { peerAllowed, portOf, targetRefusal, type AllowedHosts } from './target';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  allowed: AllowedHosts;
}

export interface FetchedImage {
  /** One of the raster types below, whatever spelling the server used. */
  type: string;
  body: Readable;
}

/** Raster types only: SVG is a document that can carry script and links, so it is refused. */
const rasterTypes = new Map([
  ['image/png', 'image/png'],
  ['image/apng', 'image/apng'],
  ['image/jpeg', 'image/jpeg'],
  ['image/jpg', 'image/jpeg'],
  ['image/pjpeg', 'image/jpeg'],
  ['image/gif', 'image/gif'],
  ['image/webp', 'image/webp'],
  ['image/avif', 'image/avif'],
  ['image/bmp', 'image/bmp'],
  ['image/x-icon', 'image/x-icon'],
  ['image/vnd.microsoft.icon', 'image/x-icon'],
]);

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const requestHeaders = {
  // Fixed, and shaped like a browser's so CDNs that turn away bare clients still answer.
  'User-Agent': 'Mozilla/5.0 (compatible; Tern image proxy)',
  Accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,image/*;q=0.5',
  'Accept-Encoding': 'gzip, deflate, br',
};

export function unavailable(reason: string): MailError {
  return new MailError('remote_unavailable', `The image could not be loaded: ${reason}.`);
}

/** Connection pools of the proxy's own, so its sockets never mix with anything else's. */
export interface ProxyAgents {
  'http:': http.Agent;
  'https:': https.Agent;
}

export function createAgents(): ProxyAgents {
  const options = { keepAlive: true, maxSockets: 8, maxTotalSockets: 256, timeout: 30_000 };
  return {
    'http:': new http.Agent({ ...options, lookup: guardedLookup }),
    'https:': new https.Agent({ ...options, lookup: guardedLookup }),
  };
}

export async function fetchImage(
  target: URL,
  limits: FetchLimits,
  agents: ProxyAgents,
  signal?: AbortSignal,
): Promise<FetchedImage> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const abort = signal ? AbortSignal.any([deadline, signal]) : deadline;
  // The browser went away: nobody reads the answer, but it must not be logged as a crash.
  const abortError = () =>
    deadline.aborted
      ? unavailable(`its server did not send it within ${Math.round(limits.timeoutMs / 1000)} s`)
      : unavailable('the request was cancelled');
  try {
    const response = await follow(target, limits, agents, abort);
    const type = checkResponse(response, limits);
    return { type, body: limitedBody(response, limits, abort, abortError) };
  } catch (error) {
    if (abort.aborted) throw abortError();
    if (isMailError(error)) throw error;
    throw unavailable(networkReason(error));
  }
}

/** Requests the URL, following at most maxRedirects redirects, each target checked again. */
async function follow(
  first: URL,
  limits: FetchLimits,
  agents: ProxyAgents,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  let url = first;
  for (let redirects = 0; ; redirects++) {
    const refusal = targetRefusal(url, limits.allowed);
    if (refusal) throw refused(refusal);
    const response = await request(url, limits.allowed, agents, signal);
    if (!redirectStatuses.has(response.statusCode ?? 0)) return response;
    response.destroy();
    if (redirects >= limits.maxRedirects)
      throw unavailable(`it was redirected more than ${limits.maxRedirects} times`);
    const location = response.headers.location;
    let next: URL | undefined;
    try {
      next = location ? new URL(location, url) : undefined;
    } catch {
      next = undefined;
    }
    if (!next) throw unavailable('its server redirected it without a valid Location');
    url = next;
  }
}

function request(
  url: URL,
  allowed: AllowedHosts,
  agents: ProxyAgents,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const agent = agents[url.protocol === 'https:' ? 'https:' : 'http:'];
    const send = url.protocol === 'https:' ? https.request : http.request;
    const outgoing = send(url, {
      agent,
      lookup: guardedLookup,
      headers: requestHeaders,
      signal,
    });
    // Stays attached: an error after the response arrived must not go unhandled.
    outgoing.on('error', reject);
    outgoing.on('socket', (socket) => guardPeer(socket, url, allowed));
    outgoing.on('response', resolve);
    outgoing.end();
  });
}

/**
 * The last check: the peer a socket actually reached. The lookup and the URL checks already
 * stop refused addresses; this catches anything that slipped past them (and pooled sockets).
 */
function guardPeer(socket: Socket, url: URL, allowed: AllowedHosts): void {
  const check = () => {
    const address = socket.remoteAddress;
    const port = socket.remotePort ?? portOf(url);
    if (!address || !peerAllowed(address, port, allowed))
      socket.destroy(refused(`${url.hostname} connected to a refused address`));
  };
  if (socket.connecting) socket.once('connect', check);
  else check();
}

/** The allowed raster type of a 200 answer within the size cap, or why it is refused. */
function checkResponse(response: IncomingMessage, limits: FetchLimits): string {
  const fail = (error: MailError) => {
    response.destroy();
    return error;
  };
  if (response.statusCode !== 200)
    throw fail(unavailable(`its server answered HTTP ${response.statusCode ?? '?'}`));
  const declared =
    (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const type = rasterTypes.get(declared);
  if (!type)
    throw fail(
      refused(`it is ${declared ? `of type ${declared}` : 'untyped'}, not a raster image`),
    );
  const length = Number(response.headers['content-length']);
  if (Number.isFinite(length) && length > limits.maxBytes) throw fail(tooLarge(limits));
  if (decoderFor(response.headers['content-encoding']) === undefined)
    throw fail(unavailable('its server sent it in an unknown encoding'));
  return type;
}

function tooLarge(limits: FetchLimits): MailError {
  return refused(`it is larger than ${(limits.maxBytes / 1024 / 1024).toFixed(1)} MB`);
}

/** undefined for an unknown encoding, null for none. */
function decoderFor(encoding: string | undefined): (() => Transform) | null | undefined {
  switch ((encoding ?? 'identity').trim().toLowerCase()) {
    case 'identity':
    case '':
      return null;
    case 'gzip':
    case 'x-gzip':
      return () => zlib.createGunzip();
    case 'deflate':
      return () => zlib.createInflate();
    case 'br':
      return () => zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

/**
 * The body, decoded, counted as it passes and cut off with an error past the cap or the
 * deadline. Streams pull: a slow reader slows the remote server rather than filling memory.
 */
function limitedBody(
  response: IncomingMessage,
  limits: FetchLimits,
  signal: AbortSignal,
  abortError: () => MailError,
): Readable {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > limits.maxBytes) done(tooLarge(limits));
      else done(null, chunk);
    },
  });
  const onAbort = () => counter.destroy(abortError());
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  const decoder = decoderFor(response.headers['content-encoding']);
  const stages: Array<Readable | Transform> = decoder
    ? [response, decoder(), counter]
    : [response, counter];
  // pipeline destroys every stage when one fails or the reader goes away, the socket included.
  pipeline(stages, () => signal.removeEventListener('abort', onAbort));
  return counter;
}

function networkReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'its server’s name does not resolve';
    case 'ECONNREFUSED':
      return 'its server refused the connection';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'its server closed the connection';
    default:
      return code?.startsWith('ERR_TLS') || code?.includes('CERT')
        ? 'its server’s TLS certificate is not valid'
        : 'its server cannot be reached';
  }
}
