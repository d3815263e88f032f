/**
 * Message-list windows on a 100,000-message folder, through Tern's HTTP API, against raw imapflow
 * on one open connection to the same Dovecot (bench/reference/raw-windows.ts), in one run:
 * - a window of 50 never fetched before, anywhere in the folder (newest-first by arrival);
 * - the same windows again (answered from Tern's row cache);
 * - the first window sorted by date, against a raw UID SORT plus that window's fetch;
 * - later windows of the same sort.
 *
 * Usage: node bench/message-list.ts [--windows 20]   (needs a production build and root)
 */
import { parseArgs } from 'node:util';
import { stackPaths } from '../scripts/stack/options.ts';
import { seedDemo } from '../scripts/stack/seed.ts';
import { startTern, waitUntilListening } from '../scripts/tern-process.ts';
import {
  benchServerEnv,
  benchStack,
  signIn,
  startBenchStack,
  stopBenchStack,
} from './bench-stack.ts';
import { median, runReference } from './measure.ts';

const { values } = parseArgs({ options: { windows: { type: 'string', default: '20' } } });
const windows = Number(values.windows);
const total = 100_000;
const limit = 50;
const port = 3301;
const url = `http://127.0.0.1:${port}`;
const folder = 'Big';

const stack = benchStack(0);
const demo = stack.users.find((u) => u.email.startsWith('demo@'))!;
console.log(`message list: windows of ${limit} in a ${total.toLocaleString('en')}-message folder`);
await startBenchStack(stack);
seedDemo(stack, demo.email, true, () => {});

/** Distinct window offsets spread over the folder, in two disjoint sets (Tern's and raw's). */
function offsets(count: number, salt: number): number[] {
  const step = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => Math.min(total - limit, i * step + salt * limit));
}
const ternOffsets = offsets(windows, 1);
const rawOffsets = offsets(windows, 3);

const tern = startTern(port, benchServerEnv(stack, url));
try {
  await waitUntilListening(tern);
  const cookie = await signIn(url, demo);
  const timed = async (query: string) => {
    const started = performance.now();
    const response = await fetch(`${url}/api/folders/${folder}/messages?${query}`, {
      headers: { cookie },
    });
    const body = (await response.json()) as { messages?: unknown[] };
    const ms = performance.now() - started;
    if (response.status !== 200 || !body.messages?.length)
      throw new Error(`GET ${query}: ${response.status}`);
    return ms;
  };

  // Warm up Tern's code and the connection (selects the folder) on a window measured by nobody.
  await timed(`offset=${total - limit}&limit=${limit}`);
  const reference = runReference<ReferenceResult>('raw-windows', {
    port: stack.ports.imap,
    ca: stackPaths(stack.dir).certFile,
    user: demo,
    folder,
    offsets: rawOffsets,
    total,
    limit,
  });

  const fresh: number[] = [];
  for (const offset of ternOffsets) fresh.push(await timed(`offset=${offset}&limit=${limit}`));
  const again: number[] = [];
  for (const offset of ternOffsets) again.push(await timed(`offset=${offset}&limit=${limit}`));
  const sortFirst = await timed(`sort=date&order=desc&offset=0&limit=${limit}`);
  const sortLater: number[] = [];
  for (const offset of ternOffsets.slice(1))
    sortLater.push(await timed(`sort=date&order=desc&offset=${offset}&limit=${limit}`));

  // The floor under any API answer: HTTP, routing, unsealing the session cookie, no IMAP.
  const floor: number[] = [];
  for (let i = 0; i < windows; i++) {
    const started = performance.now();
    await (await fetch(`${url}/api/session`, { headers: { cookie } })).json();
    floor.push(performance.now() - started);
  }

  const row = (label: string, ms: number, ref?: number) =>
    console.log(
      `  ${label.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms` +
        (ref === undefined ? '' : `   raw ${ref.toFixed(2)} ms   ratio ${(ms / ref).toFixed(2)}`),
    );
  row('new window, median of ' + windows, median(fresh), reference.windowMs);
  row('window fetched before, median', median(again));
  row('(HTTP floor: GET /api/session, median)', median(floor));
  row('first window sorted by date', sortFirst, reference.sortMs + reference.sortedWindowMs);
  row('later windows of the same sort, median', median(sortLater));
  console.log(
    `  (raw UID SORT on a cold Dovecot sort cache: ${reference.coldSortMs.toFixed(1)} ms)`,
  );
} finally {
  await tern.stop();
  await stopBenchStack(stack);
}

interface ReferenceResult {
  windowMs: number;
  coldSortMs: number;
  sortMs: number;
  sortedWindowMs: number;
}
