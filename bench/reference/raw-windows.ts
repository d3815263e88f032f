/**
 * The reference for bench/message-list.ts: raw imapflow on one open connection with the folder
 * selected, fetching the same row fields Tern fetches. Prints JSON.
 * Usage: node bench/reference/raw-windows.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { median } from '../measure.ts';
import { connectRaw, rowFields } from './connect.ts';
import { sortByDate } from './raw-ops.ts';

interface Config {
  port: number;
  ca: string;
  user: { email: string; password: string };
  folder: string;
  offsets: number[];
  total: number;
  limit: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;

const client = await connectRaw(config, config.user);
const lock = await client.getMailboxLock(config.folder);

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Newest first: window `offset` is sequence numbers total-offset-limit+1 … total-offset. */
const windowTimes: number[] = [];
for (const offset of config.offsets) {
  const to = config.total - offset;
  windowTimes.push(await time(() => client.fetchAll(`${to - config.limit + 1}:${to}`, rowFields)));
}
const windowMs = median(windowTimes);

const coldSortMs = await time(() => sortByDate(client));
let sorted: number[] = [];
const sortMs = await time(async () => {
  sorted = await sortByDate(client);
});
const sortedWindowMs = await time(() =>
  client.fetchAll(sorted.slice(0, config.limit).join(','), rowFields, { uid: true }),
);

lock.release();
await client.logout();
process.stdout.write(JSON.stringify({ windowMs, coldSortMs, sortMs, sortedWindowMs }) + '\n');
