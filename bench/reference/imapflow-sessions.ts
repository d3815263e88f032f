/**
 * The reference for the memory benchmarks: a bare Node process holding the same number of
 * logged-in imapflow connections, with nothing else; given a folder, each connection idles on it
 * (bench/live-push.ts), otherwise it stays unselected (bench/session-memory.ts); with `pooled`,
 * each user also holds an unselected one beside the idling one (bench/suite/load.ts). Prints JSON.
 * Usage: node bench/reference/imapflow-sessions.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { inBatches, settledRss, sleep } from '../measure.ts';
import { connectIdling, connectRaw } from './connect.ts';

interface ReferenceConfig {
  port: number;
  ca: string;
  users: Array<{ email: string; password: string }>;
  idleMs: number;
  /** Select this folder and idle on it at once, as a live-update watcher does. */
  folder?: string;
  /**
   * Each user also holds a second, unselected connection: the one Tern's pool keeps from the
   * sign-in until its idle logout, beside the stream's watch.
   */
  pooled?: boolean;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ReferenceConfig;

const connectOne = (user: { email: string; password: string }) =>
  config.folder ? connectIdling(config, user, config.folder) : connectRaw(config, user);
const connect = async (user: { email: string; password: string }) =>
  config.pooled
    ? [await connectRaw(config, user), await connectOne(user)]
    : [await connectOne(user)];

// Warm up the same code paths before the baseline, as the Tern measurement does.
const warm = await connect(config.users[0]!);
await Promise.all(warm.map((c) => c.logout()));
await sleep(1000);
const baseline = await settledRss(process.pid);
const clients = (await inBatches(config.users, 8, connect)).flat();
await sleep(config.idleMs);
const after = await settledRss(process.pid);
process.stdout.write(
  JSON.stringify({ baseline, after, sessions: config.users.length, connections: clients.length }) +
    '\n',
);
await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
