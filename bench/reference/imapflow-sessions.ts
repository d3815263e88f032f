/**
 * The reference for the memory benchmarks: a bare Node process holding the same number of
 * logged-in imapflow connections, with nothing else; given a folder, each connection idles on it
 * (bench/live-push.ts), otherwise it stays unselected (bench/session-memory.ts). Prints JSON.
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
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ReferenceConfig;

const connect = (user: { email: string; password: string }) =>
  config.folder ? connectIdling(config, user, config.folder) : connectRaw(config, user);

// Warm up the same code paths before the baseline, as the Tern measurement does.
const warm = await connect(config.users[0]!);
await warm.logout();
await sleep(1000);
const baseline = await settledRss(process.pid);
const clients = await inBatches(config.users, 8, connect);
await sleep(config.idleMs);
const after = await settledRss(process.pid);
process.stdout.write(JSON.stringify({ baseline, after, sessions: clients.length }) + '\n');
await Promise.all(clients.map((c) => c.logout().catch(() => c.close())));
