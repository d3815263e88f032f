/** Timed requests to a Tern server the suite started, signed in as one user. */
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { TernProcess } from '../../scripts/tern-process.ts';
import { signIn } from '../bench-stack.ts';
import { RawFloor } from '../reference/raw-ops.ts';
import type { BenchContext } from './context.ts';

export interface SignedIn {
  tern: TernProcess;
  cookie: string;
  /** GET of an API path, the body read to its end; answers the milliseconds and the JSON. */
  get: <T = unknown>(path: string) => Promise<{ ms: number; body: T }>;
  /** The floor under any API answer: HTTP, routing and the session cookie unsealed, no IMAP. */
  httpFloor: () => Promise<number>;
  /** Closes the kept-alive connection. */
  close: () => void;
}

async function signedInServer(
  context: BenchContext,
  slot: number,
  user: { email: string; password: string },
): Promise<SignedIn> {
  const tern = await context.startServer(slot);
  try {
    const cookie = await signIn(tern.url, user);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = async <T>(path: string) => {
      const started = performance.now();
      const { status, json } = await getJson(agent, `${tern.url}${path}`, cookie);
      const body = JSON.parse(json) as T;
      const ms = performance.now() - started;
      if (status !== 200) throw new Error(`GET ${path}: ${status}`);
      return { ms, body };
    };
    return {
      tern,
      cookie,
      get,
      httpFloor: async () => (await get('/api/session')).ms,
      close: () => agent.destroy(),
    };
  } catch (error) {
    await tern.stop();
    throw error;
  }
}

/**
 * A GET answered in JSON, read whole and then decoded, as a browser's network stack does, on one
 * kept-alive connection. Not fetch(): undici parses HTTP in WebAssembly and decodes gzip through
 * a zlib stream. Side by side on this machine that added 0.9 ms to GET /api/session and 1.5 ms
 * to a window of 50, which the figures would have counted as Tern's.
 */
function getJson(
  agent: Agent,
  url: string,
  cookie: string,
): Promise<{ status: number; json: string }> {
  return new Promise((resolve, reject) => {
    const headers = { cookie, 'accept-encoding': 'gzip' };
    request(url, { agent, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const gzipped = response.headers['content-encoding'] === 'gzip';
        const json = (gzipped ? gunzipSync(raw) : raw).toString('utf8');
        resolve({ status: response.statusCode ?? 0, json });
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Runs an API section's measurements with a Tern server signed in as the demo user and the raw
 * floor's connection as the same user; both are closed after, and Tern's output is printed when
 * the work fails.
 */
export async function withServerAndFloor<T>(
  context: BenchContext,
  slot: number,
  work: (server: SignedIn, floor: RawFloor) => Promise<T>,
): Promise<T> {
  const floor = await RawFloor.connect(context.imap, context.demo);
  try {
    const server = await signedInServer(context, slot, context.demo);
    try {
      return await work(server, floor);
    } catch (error) {
      console.error(`Tern's output:\n${server.tern.output()}`);
      throw error;
    } finally {
      server.close();
      await server.tern.stop();
    }
  } finally {
    await floor.close();
  }
}

/** Milliseconds `work` takes. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Runs Tern's and the floor's step in turn, `runs` times, so drift touches both alike. */
export async function alternately(
  runs: number,
  ternStep: (run: number) => Promise<number>,
  floorStep: (run: number) => Promise<number>,
): Promise<{ tern: number[]; floor: number[] }> {
  const tern: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < runs; run++) {
    tern.push(await ternStep(run));
    floor.push(await floorStep(run));
  }
  return { tern, floor };
}
