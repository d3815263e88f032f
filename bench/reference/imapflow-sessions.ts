/**
 * The reference for the session-memory benchmark: a bare Node process holding the same number of
 * logged-in imapflow connections, with nothing else. Run by bench/session-memory.ts; prints JSON.
 * Usage: node bench/reference/imapflow-sessions.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { inBatches, settledRss, sleep } from '../measure.ts';
import { connectRaw } from './connect.ts';

interface ReferenceConfig {
  port: number;
  ca: string;
  users: Array<{ email: string; password: string }>;
  idleMs: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ReferenceConfig;

const connect = (user: { email: string; password: string }) => connectRaw(config, user);

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
