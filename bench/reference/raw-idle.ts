/**
 * The floor for bench/live-push.ts: one raw imapflow connection idling on a folder, printing a
 * JSON line for each EXISTS the server sends, stamped with the wall clock the moment imapflow
 * reports it (the benchmark stamps its APPENDs with the same clock). First it prints the folder's
 * message count once IDLE has started. Ends when its standard input closes.
 * Usage: node bench/reference/raw-idle.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { wallClock } from '../measure.ts';
import { connectIdling } from './connect.ts';

interface Config {
  port: number;
  ca: string;
  user: { email: string; password: string };
  folder: string;
}

export type RawIdleMessage = { ready: number } | { count: number; at: number };

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;
const print = (message: RawIdleMessage) => process.stdout.write(JSON.stringify(message) + '\n');

const client = await connectIdling(config, config.user, config.folder);
client.on('exists', (event: { count: number }) => print({ count: event.count, at: wallClock() }));
print({ ready: client.mailbox ? client.mailbox.exists : 0 });

process.stdin.resume();
process.stdin.on('end', () => {
  void client.logout().catch(() => client.close());
});
