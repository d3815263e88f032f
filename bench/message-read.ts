/**
 * Reading messages through Tern's HTTP API, against raw imapflow on open connections to the same
 * Dovecot (bench/reference/raw-read.ts), in one run:
 * - opening a ~50 KB HTML newsletter (GET …/messages/{uid}: one FETCH, as the list showed it,
 *   decoding, sanitizing, JSON) the first time and again, against one FETCH of the message's full
 *   source; Tern caches no message content, so every request is the whole work. Each side reads
 *   its own copies, so the first reads are first for Dovecot too;
 * - downloading a 5 MB attachment (GET …/parts/{partId}), alone and 4 at once, against imapflow's
 *   `download` drained to nothing, with the server's RSS sampled every 5 ms during the downloads.
 *
 * Usage: node bench/message-read.ts [--runs 30] [--attachment-mb 5]
 * (needs a production build and root)
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { MessageSummary, MessageView } from '../lib/mail/types.ts';
import { stackPaths } from '../scripts/stack/options.ts';
import { deliverRaw } from '../scripts/stack/seed.ts';
import { startTern, waitUntilListening } from '../scripts/tern-process.ts';
import { attachmentBytes, newsletter, withAttachment } from './mail-samples.ts';
import {
  benchServerEnv,
  benchStack,
  benchUsers,
  signIn,
  startBenchStack,
  stopBenchStack,
} from './bench-stack.ts';
import { mb, median, rssOf, runReference, settledRss, sleep } from './measure.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    // A bigger attachment shows whether the server's memory follows its size (it should not).
    'attachment-mb': { type: 'string', default: '5' },
  },
});
const runs = Number(values.runs);
const downloadRuns = Math.max(3, Math.floor(runs / 4));
const parallel = 4;
const port = 3302;
const url = `http://127.0.0.1:${port}`;
const folder = 'Reading';
const attachmentSize = Number(values['attachment-mb']) * 1024 * 1024;
if (!(attachmentSize > 0)) throw new Error('--attachment-mb must be a positive number');

const stack = benchStack(1);
const user = benchUsers(1)[0]!;
await startBenchStack(stack);

// One newsletter to warm up on, `runs` copies for Tern, `runs` for the reference, then the
// attachment messages (one per parallel download). Dates one minute apart keep UIDs in this order.
const attachment = attachmentBytes(attachmentSize);
const raws = [
  ...Array.from({ length: 1 + 2 * runs }, (_, i) => newsletter(i, user.email)),
  ...Array.from({ length: parallel }, (_, i) => withAttachment(i, user.email, attachment)),
];
const start = Date.UTC(2026, 2, 5, 8);
deliverRaw(
  stack,
  user.email,
  folder,
  raws.map((raw, i) => ({ raw, date: new Date(start + i * 60_000) })),
);
const newsletterBytes = raws[0]!.length;
console.log(
  `message read: a ${Math.round(newsletterBytes / 1024)} KB HTML newsletter (${runs} opens), ` +
    `a ${mb(attachmentSize)} attachment (${downloadRuns} downloads, then ${parallel} at once)`,
);

const tern = startTern(port, {
  ...benchServerEnv(stack, url),
  // So the parallel downloads each hold a connection of their own, as the reference's do.
  TERN_IMAP_MAX_CONNECTIONS_PER_USER: String(parallel),
});
try {
  await waitUntilListening(tern);
  const cookie = await signIn(url, user);
  const base = `${url}/api/folders/${encodeURIComponent(folder)}/messages`;

  // The UIDs, from the list as a reader sees it first (subjects carry the copy numbers).
  const list = (await (
    await fetch(`${base}?offset=0&limit=${raws.length}`, { headers: { cookie } })
  ).json()) as { messages: MessageSummary[] };
  const uidOf = (subject: string) => {
    const row = list.messages.find((m) => m.subject === subject);
    if (!row) throw new Error(`no message "${subject}" in ${folder}`);
    return row.uid;
  };
  const warmUid = uidOf('The March letter (#0)');
  const ternUids = Array.from({ length: runs }, (_, i) => uidOf(`The March letter (#${1 + i})`));
  const rawUids = Array.from({ length: runs }, (_, i) =>
    uidOf(`The March letter (#${1 + runs + i})`),
  );
  const attachmentUids = Array.from({ length: parallel }, (_, i) => uidOf(`The data set (#${i})`));

  const open = async (uid: number) => {
    const started = performance.now();
    const response = await fetch(`${base}/${uid}`, { headers: { cookie } });
    const body = (await response.json()) as MessageView;
    const ms = performance.now() - started;
    if (response.status !== 200 || !body.html) throw new Error(`GET ${uid}: ${response.status}`);
    return ms;
  };
  // Warm up Tern's code (until the JIT has compiled the sanitizer's hot paths, as in a server that
  // has been running a while) and the connection, on a copy measured by nobody.
  for (let i = 0; i < 30; i++) await open(warmUid);

  const attachmentView = (await (
    await fetch(`${base}/${attachmentUids[0]}`, { headers: { cookie } })
  ).json()) as MessageView;
  const partId = attachmentView.attachments[0]?.partId;
  if (!partId) throw new Error('the attachment message lists no attachment');

  const reference = runReference<ReferenceResult>('raw-read', {
    port: stack.ports.imap,
    ca: stackPaths(stack.dir).certFile,
    user,
    folder,
    warmUid,
    uids: rawUids,
    attachment: {
      uid: attachmentUids[0],
      partId,
      runs: downloadRuns,
      parallelUids: attachmentUids,
    },
  });
  if (reference.size !== attachmentSize)
    throw new Error(`the reference downloaded ${reference.size} bytes`);
  // The reference ran synchronously: let this process see the keep-alive sockets Tern closed
  // meanwhile, rather than sending the next request down one of them.
  await sleep(200);

  const first: number[] = [];
  for (const uid of ternUids) first.push(await open(uid));
  const again: number[] = [];
  for (const uid of ternUids) again.push(await open(uid));

  // The floor under any API answer: HTTP, routing, unsealing the session cookie, no IMAP.
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await (await fetch(`${url}/api/session`, { headers: { cookie } })).json();
    floor.push(performance.now() - started);
  }

  /** Downloads the attachment of one message through Tern, throwing the bytes away; answers their count. */
  const download = async (uid: number) => {
    const response = await fetch(`${base}/${uid}/parts/${partId}`, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`download: ${response.status}`);
    const reader = response.body.getReader();
    let bytes = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      bytes += chunk.value.length;
    return bytes;
  };
  /** Runs `work`, sampling the server's RSS every 5 ms; answers the time and the peak RSS. */
  const sampled = async (work: () => Promise<unknown>) => {
    let peak = rssOf(tern.pid);
    const timer = setInterval(() => (peak = Math.max(peak, rssOf(tern.pid))), 5);
    try {
      const started = performance.now();
      await work();
      return { ms: performance.now() - started, peak: Math.max(peak, rssOf(tern.pid)) };
    } finally {
      clearInterval(timer);
    }
  };

  // Check the bytes once, warm up every connection's download path, then let memory settle.
  const response = await fetch(`${base}/${attachmentUids[0]}/parts/${partId}`, {
    headers: { cookie },
  });
  const downloaded = Buffer.from(await response.arrayBuffer());
  const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  if (sha(downloaded) !== sha(attachment))
    throw new Error('the download differs from the original');
  await Promise.all(attachmentUids.map(download));
  await sleep(1000);
  const baseline = await settledRss(tern.pid, 3);
  const downloads: Array<{ ms: number; peak: number }> = [];
  for (let i = 0; i < downloadRuns; i++) {
    downloads.push(
      await sampled(async () => {
        if ((await download(attachmentUids[0]!)) !== attachmentSize) throw new Error('short');
      }),
    );
  }
  const together: Array<{ ms: number; peak: number }> = [];
  for (let i = 0; i < Math.max(2, Math.floor(downloadRuns / 2)); i++)
    together.push(await sampled(() => Promise.all(attachmentUids.map(download))));
  const after = await settledRss(tern.pid, 3);

  const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;
  const range = (values: number[]) =>
    `(${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  const opens = (label: string, tern: number[], raw: number[]) =>
    console.log(
      `  ${label.padEnd(34)} ${ms(median(tern))} ${range(tern).padEnd(14)}` +
        `  raw ${ms(median(raw))} ${range(raw).padEnd(12)}` +
        `  +${(median(tern) - median(raw)).toFixed(2)} ms   ratio ${(median(tern) / median(raw)).toFixed(1)}`,
    );
  const rate = (count: number, milliseconds: number) =>
    (count * attachmentSize) / 1024 / 1024 / (milliseconds / 1000);
  const rates = (label: string, count: number, tern: number[], raw: number[]) => {
    const t = rate(count, median(tern));
    const r = rate(count, median(raw));
    const spread = (values: number[]) =>
      `(${rate(count, Math.max(...values)).toFixed(0)}–${rate(count, Math.min(...values)).toFixed(0)})`;
    console.log(
      `  ${label.padEnd(34)} ${t.toFixed(0).padStart(5)} MB/s ${spread(tern).padEnd(12)}` +
        `  raw ${r.toFixed(0).padStart(5)} MB/s ${spread(raw).padEnd(12)}  ratio ${(t / r).toFixed(2)}`,
    );
  };
  const growth = (peak: number, from: number) => `+${mb(Math.max(0, peak - from))}`;

  console.log(`  ${''.padEnd(34)} median     (min–max)          reference (min–max)`);
  opens(`open, first time (${runs} copies)`, first, reference.first);
  opens('open again', again, reference.again);
  console.log(
    `  ${'(HTTP floor: GET /api/session)'.padEnd(34)} ${ms(median(floor))} ${range(floor)}`,
  );
  console.log(
    `  ${'(raw: 2 FETCHes, not listed)'.padEnd(34)} ${ms(median(reference.fetches))} ${range(reference.fetches)}`,
  );
  rates(
    `download ${mb(attachmentSize)}, one at a time`,
    1,
    downloads.map((d) => d.ms),
    reference.downloadMs,
  );
  rates(
    `${parallel} downloads at once (total)`,
    parallel,
    together.map((d) => d.ms),
    reference.parallelMs,
  );
  console.log(
    `  Tern server RSS ${mb(baseline)} at rest, peak growth while downloading: ` +
      `${growth(Math.max(...downloads.map((d) => d.peak)), baseline)} (one), ` +
      `${growth(Math.max(...together.map((d) => d.peak)), baseline)} (${parallel} at once); ` +
      `${mb(after)} after`,
  );
  console.log(
    `  raw imapflow process, same downloads: ` +
      `${growth(reference.downloadPeak, reference.baseline)} (one), ` +
      `${growth(reference.parallelPeak, reference.baseline)} (${parallel} at once)`,
  );
} catch (error) {
  console.error(`Tern's output:\n${tern.output()}`);
  throw error;
} finally {
  await tern.stop();
  await stopBenchStack(stack);
}

interface ReferenceResult {
  first: number[];
  again: number[];
  fetches: number[];
  size: number;
  baseline: number;
  downloadMs: number[];
  downloadPeak: number;
  parallelMs: number[];
  parallelPeak: number;
}
