/**
 * The reference for bench/message-read.ts: raw imapflow on open connections with the folder
 * selected, doing the least a reader needs: the message's full source in one FETCH (and, to show
 * where Tern's time goes, the two FETCHes Tern sends for a message the list did not show), and an
 * attachment downloaded (imapflow's `download`, decoded) and drained to nothing, alone and several
 * at once on as many connections. Samples its own RSS during the downloads. Prints JSON.
 * Usage: node bench/reference/raw-read.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { type ImapFlow } from 'imapflow';
import { rssOf, settledRss } from '../measure.ts';
import { connectRaw } from './connect.ts';

interface Config {
  port: number;
  ca: string;
  user: { email: string; password: string };
  folder: string;
  /** Read a few times before measuring, to warm up code paths and the connection. */
  warmUid: number;
  /** Newsletter copies nobody has read yet: read once (first), then each again. */
  uids: number[];
  attachment: { uid: number; partId: string; runs: number; parallelUids: number[] };
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;

async function connect(): Promise<ImapFlow> {
  const client = await connectRaw(config, config.user);
  await client.getMailboxLock(config.folder);
  return client;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const client = await connect();
const source = async (uid: number) => {
  const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (!message || !message.source?.length) throw new Error(`no source for UID ${uid}`);
};
for (let i = 0; i < 5; i++) await source(config.warmUid);
const first: number[] = [];
for (const uid of config.uids) first.push(await time(() => source(uid)));
const again: number[] = [];
for (const uid of config.uids) again.push(await time(() => source(uid)));

/** Tern's IMAP work for opening a message, with nothing else: its two FETCHes. */
const twoFetches = async (uid: number) => {
  const message = await client.fetchOne(
    String(uid),
    {
      uid: true,
      flags: true,
      envelope: true,
      bodyStructure: true,
      internalDate: true,
      headers: ['references', 'list-unsubscribe'],
    },
    { uid: true },
  );
  const texts = (message ? (message.bodyStructure?.childNodes ?? []) : []).filter((part) =>
    part.type.startsWith('text/'),
  );
  const bodies = await client.fetchOne(
    String(uid),
    {
      uid: true,
      bodyParts: texts.map((part) => ({ key: part.part!, maxLength: 2 * 1024 * 1024 })),
    },
    { uid: true },
  );
  if (!bodies || bodies.bodyParts?.size !== texts.length) throw new Error(`no bodies for ${uid}`);
};
const fetches: number[] = [];
for (const uid of config.uids) fetches.push(await time(() => twoFetches(uid)));

/** Downloads one part and throws the bytes away; answers how many there were. */
async function drain(on: ImapFlow, uid: number): Promise<number> {
  const { content } = await on.download(String(uid), config.attachment.partId, { uid: true });
  let bytes = 0;
  for await (const chunk of content as AsyncIterable<Buffer>) bytes += chunk.length;
  return bytes;
}

/** Runs `work`, sampling this process's RSS every 5 ms; answers the time and the peak RSS. */
async function sampled(work: () => Promise<unknown>): Promise<{ ms: number; peak: number }> {
  let peak = rssOf(process.pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(process.pid))), 5);
  try {
    const ms = await time(work);
    return { ms, peak: Math.max(peak, rssOf(process.pid)) };
  } finally {
    clearInterval(timer);
  }
}

const { uid, runs, parallelUids } = config.attachment;
const others = await Promise.all(parallelUids.slice(1).map(() => connect()));
const connections = [client, ...others];
// Warm up each connection's download path, then let memory settle before the baseline.
let size = 0;
for (const [index, connection] of connections.entries())
  size = await drain(connection, parallelUids[index]!);
const baseline = await settledRss(process.pid, 3);
const downloads: Array<{ ms: number; peak: number }> = [];
for (let i = 0; i < runs; i++) downloads.push(await sampled(() => drain(client, uid)));
const parallel: Array<{ ms: number; peak: number }> = [];
for (let i = 0; i < Math.max(2, Math.floor(runs / 2)); i++)
  parallel.push(
    await sampled(() => Promise.all(parallelUids.map((u, index) => drain(connections[index]!, u)))),
  );

await Promise.all(connections.map((c) => c.logout().catch(() => c.close())));
process.stdout.write(
  JSON.stringify({
    first,
    again,
    fetches,
    size,
    baseline,
    downloadMs: downloads.map((d) => d.ms),
    downloadPeak: Math.max(...downloads.map((d) => d.peak)),
    parallelMs: parallel.map((d) => d.ms),
    parallelPeak: Math.max(...parallel.map((d) => d.peak)),
  }) + '\n',
);
