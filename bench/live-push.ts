/**
 * Live updates (GET /api/events), against raw imapflow on the same Dovecot, in one run:
 * - push latency: another client APPENDs to the INBOX, one message at a time, and two listeners
 *   wait for it at once: Tern's event stream (message.new, read here as a browser's EventSource
 *   would) and the floor, a raw imapflow connection idling on the same INBOX in a process of its
 *   own (bench/reference/raw-idle.ts), seeing the EXISTS. Both are timed from the APPEND on one
 *   wall clock (performance.timeOrigin + performance.now()). Each APPEND follows a random pause
 *   of 200–800 ms after both listeners had the previous one, and the figures are also given by
 *   pause: Dovecot reports a change 500 ms after the first one it notices, so a listener whose
 *   session still has that timer running from its own last report hears of the next one sooner;
 * - server memory per connected user: N more users signed in, each with a stream open and so a
 *   watcher on the server, against a bare process with N raw imapflow connections idling on the
 *   INBOX (bench/reference/imapflow-sessions.ts).
 *
 * Usage: node bench/live-push.ts [--runs 60] [--users 20]   (needs a production build and root)
 */
import { parseArgs } from 'node:util';
import { stackPaths } from '../scripts/stack/options.ts';
import { startTern, waitUntilListening } from '../scripts/tern-process.ts';
import {
  benchServerEnv,
  benchStack,
  benchUsers,
  signIn,
  startBenchStack,
  stopBenchStack,
} from './bench-stack.ts';
import {
  inBatches,
  kb,
  mb,
  median,
  percentile,
  runReference,
  settledRss,
  sleep,
} from './measure.ts';
import { EventStream } from './event-stream.ts';
import {
  append,
  appendUntilPushed,
  startIdleFloor,
  type Appender,
  type IdleFloor,
} from './pushes.ts';
import { connectRaw } from './reference/connect.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '60' }, users: { type: 'string', default: '20' } },
});
const runs = Number(values.runs);
const userCount = Number(values.users);
const warmUps = 5;
const pauseMs = { min: 200, max: 800 };
/** How long either listener may take before a delivery counts as missed. */
const timeoutMs = 5000;
/**
 * Quiet time before each memory reading: V8 shrinks an idle process's heap a few seconds after
 * its last burst of work, so every reading (Tern's and the reference's) waits as long.
 */
const quietMs = 10_000;
const port = 3303;
const url = `http://127.0.0.1:${port}`;

type User = { email: string; password: string };

const stack = benchStack(userCount + 1);
const server = { port: stack.ports.imap, ca: stackPaths(stack.dir).certFile };
const [pushUser, ...memoryUsers] = benchUsers(userCount + 1) as [User, ...User[]];
console.log(
  `live push: ${runs} APPENDs by another client → Tern's event stream vs raw IDLE; ` +
    `memory of ${userCount} users with a stream open`,
);
await startBenchStack(stack);

const tern = startTern(port, benchServerEnv(stack, url));
const streams: EventStream[] = [];
let floor: IdleFloor | undefined;
let appender: Appender | undefined;
try {
  await waitUntilListening(tern);

  // Push latency. The floor's connection idles in its own process; the APPENDs come from here.
  const pushStream = new EventStream(url, await signIn(url, pushUser));
  streams.push(pushStream);
  await pushStream.opened;
  await appendUntilPushed(server, pushStream, pushUser);
  floor = startIdleFloor(server, pushUser);
  let count = await floor.ready;
  appender = await connectRaw(server, pushUser);

  const deliveries: Array<{ pause: number; tern: number; floor: number; append: number }> = [];
  let missedTern = 0;
  let missedFloor = 0;
  for (let i = 0; i < warmUps + runs; i++) {
    const pause = pauseMs.min + Math.random() * (pauseMs.max - pauseMs.min);
    await sleep(pause);
    floor.check();
    const { uid, sent, appended } = await append(appender, pushUser);
    const expected = ++count;
    const [pushed, seen] = await Promise.all([
      pushStream.arrival(uid, timeoutMs),
      floor.exists.first((e) => e.count >= expected && e.at >= sent, timeoutMs),
    ]);
    if (seen) count = Math.max(count, seen.count);
    if (i < warmUps) continue;
    if (!pushed) missedTern++;
    if (!seen) missedFloor++;
    if (pushed && seen)
      deliveries.push({
        pause,
        tern: pushed.at - sent,
        floor: seen.at - sent,
        append: appended - sent,
      });
  }
  await floor.stop();
  floor = undefined;
  await appender.logout();
  appender = undefined;

  // Memory per user: the RSS the server grows by as N more users sign in, then as each opens a
  // stream (and so gets a watcher), measured once everything is connected and quiet.
  await sleep(quietMs);
  const atRest = await settledRss(tern.pid);
  const cookies = await inBatches(memoryUsers, 8, (user) => signIn(url, user));
  await sleep(quietMs);
  const signedIn = await settledRss(tern.pid);
  const memoryStreams = cookies.map((cookie) => new EventStream(url, cookie));
  streams.push(...memoryStreams);
  await Promise.all(memoryStreams.map((stream) => stream.opened));
  await inBatches(
    memoryUsers.map((user, index) => ({ user, stream: memoryStreams[index]! })),
    4,
    ({ user, stream }) => appendUntilPushed(server, stream, user),
  );
  await sleep(quietMs);
  const withStreams = await settledRss(tern.pid);
  const reference = runReference<{ baseline: number; after: number; sessions: number }>(
    'imapflow-sessions',
    { ...server, users: memoryUsers, idleMs: quietMs, folder: 'INBOX' },
  );

  const ms = (value: number) => `${value.toFixed(1).padStart(6)} ms`;
  const signed = (value: number) =>
    `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)} ms`.padStart(9);
  const stats = (values: number[]) =>
    `${ms(median(values))} ${ms(percentile(values, 0.95))} ` +
    `(${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`.padEnd(12);
  const columns = `${'median'.padStart(9)} ${'p95'.padStart(9)} ${'(min–max)'.padEnd(12)}`;
  const label = (text: string) => `  ${text.padEnd(44)}`;
  const row = (text: string, rows: typeof deliveries) => {
    if (rows.length === 0) return;
    const ternMs = rows.map((d) => d.tern);
    const floorMs = rows.map((d) => d.floor);
    console.log(
      `${label(`${text} (${rows.length})`)}${stats(ternMs)}  floor ${stats(floorMs)}` +
        `${signed(median(ternMs) - median(floorMs))}   ratio ${(median(ternMs) / median(floorMs)).toFixed(2)}`,
    );
  };
  console.log(`${label('APPEND → event seen')}${columns}        ${columns} Tern − floor`);
  row("Tern's message.new; raw IDLE's EXISTS", deliveries);
  // Dovecot reports a change 500 ms after the first one it notices; one noticed during a pause
  // (a session's own index writes after the last report) can make the next report come sooner.
  row(
    '… after a pause under 500 ms',
    deliveries.filter((d) => d.pause < 500),
  );
  row(
    '… after a pause of 500 ms or more',
    deliveries.filter((d) => d.pause >= 500),
  );
  const above = deliveries.map((d) => d.tern - d.floor);
  console.log(
    `${label('Tern − floor, per delivery')}${signed(median(above)).trim()} median, ` +
      `${signed(percentile(above, 0.95)).trim()} p95 (goal: medians at most 25 ms apart)`,
  );
  console.log(
    `${label('(the APPEND itself, sent → OK)')}${stats(deliveries.map((d) => d.append))}`,
  );
  if (missedTern || missedFloor)
    console.log(
      `  missed within ${timeoutMs / 1000} s: Tern ${missedTern}, floor ${missedFloor} of ${runs}`,
    );
  const perUser = (withStreams - signedIn) / userCount;
  const perConnection = (reference.after - reference.baseline) / reference.sessions;
  console.log(
    `${label(`memory per user, stream + watcher (${userCount})`)}${kb(perUser).padStart(9)}` +
      `   raw connection idling on INBOX ${kb(perConnection)}` +
      `   ratio ${(perUser / perConnection).toFixed(2)}`,
  );
  console.log(
    `  Tern server RSS ${mb(atRest)} → ${mb(signedIn)} signed in → ${mb(withStreams)} streaming; ` +
      `per user with its sign-in ${kb((withStreams - atRest) / userCount)}`,
  );
} catch (error) {
  console.error(`Tern's output:\n${tern.output()}`);
  throw error;
} finally {
  await Promise.all(streams.map((stream) => stream.close()));
  await floor?.stop().catch(() => {});
  await appender?.logout().catch(() => appender?.close());
  await tern.stop();
  await stopBenchStack(stack);
}
