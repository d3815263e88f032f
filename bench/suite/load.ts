/**
 * Server: memory and the message list under load, on one production Tern server of its own
 * (a fresh process, so its RSS is its own).
 * - RSS with 1, 100 and 1,000 users connected: users sign in (POST /api/session) and each holds
 *   GET /api/events?folder=INBOX open, read continuously as a browser would. A stage counts once
 *   every stream has its first frame and Dovecot shows two connections per user (the INBOX watch,
 *   and the pool's connection from the sign-in, which stays until its 5-minute idle logout); the
 *   reading is then bench/measure.ts settledRss (five samples a second apart) after 10 s of quiet.
 *   RSS per user is the growth from 1 to 1,000 users over 999; its floor is the same growth per
 *   user in a bare Node process holding the same two connections per user, one idling on the INBOX
 *   (bench/reference/imapflow-sessions.ts with `pooled`).
 * - The list under load: bench/suite/list-load.ts (autocannon, one connection per signed-in user
 *   whose INBOX holds 200 messages) for 10 s while the 1,000 users stay connected; the floor is the
 *   same load on the same server earlier, with nobody else signed in.
 */
import { allImapConnections, messageCount, seed } from '../../scripts/stack/seed.ts';
import type { StackOptions, StackUser } from '../../scripts/stack/options.ts';
import { signIn, signOut } from '../bench-stack.ts';
import { inBatches, mb, runReference, settledRss, sleep } from '../measure.ts';
import { benchUsersOf, type BenchContext, type Section } from './context.ts';
import { goals, single, stat, type Figure } from './figure.ts';
import { loadList, type ListLoad } from './list-load.ts';
import { OpenStream } from './open-stream.ts';

const slot = 9;
/** How many users are connected at each memory reading. */
const stages = [1, 100, 1000];
/** Users that load the list at once, each on its own connection (the last of the bench users). */
const loaders = 30;
const loadSeconds = 10;
const loaderInboxSize = 200;
/** Sign-ins at a time: Dovecot's logins and Tern's are both CPU-bound on 2 cores. */
const signInBatch = 12;
/** V8 shrinks an idle process's heap a few seconds after its last burst of work (live-push.ts). */
const quietMs = 10_000;
/** A released user's watch is logged out this long after its last stream closes (user-live.ts). */
const liveGraceMs = 10_000;
const connectionsTimeoutMs = 60_000;

const megabytes = (bytes: number) => bytes / 1024 / 1024;

/** Gives each loading user a full INBOX once; kept between runs like the demo mailbox. */
function seedLoaderInboxes(stack: StackOptions, users: StackUser[]): void {
  users.forEach((user, index) => {
    if (messageCount(stack, user.email, 'INBOX') > 0) return;
    seed(stack, { user: user.email, folder: 'INBOX', count: loaderInboxSize, seed: 9000 + index });
  });
}

/** Waits until Dovecot shows at least `expected` connections; false when it never does. */
async function dovecotShows(stack: StackOptions, expected: number): Promise<boolean> {
  const deadline = Date.now() + connectionsTimeoutMs;
  while (Date.now() < deadline) {
    if (allImapConnections(stack) >= expected) return true;
    await sleep(1000);
  }
  return false;
}

function describeLoad(load: ListLoad): string {
  return `${load.latencies.length} requests, ${load.requestsPerSecond.toFixed(0)}/s, ${load.failed} failed`;
}

export const measureLoad: Section = async (context: BenchContext) => {
  const { stack, log } = context;
  const users = benchUsersOf(context, stages.at(-1)!, 'load');
  const loading = users.slice(-loaders);
  seedLoaderInboxes(stack, loading);
  const tern = await context.startServer(slot);
  const url = tern.url;
  const cookies = new Map<StackUser, string>();
  const streams: OpenStream[] = [];
  try {
    // The floor of the list under load, which also warms up every route the stages use.
    const idleCookies = await inBatches(loading, signInBatch, (user) => signIn(url, user));
    await loadList(url, idleCookies, 2);
    const idle = await loadList(url, idleCookies, loadSeconds);
    log(`list on an idle server: ${describeLoad(idle)}`);
    const warmStream = new OpenStream(url, idleCookies[0]!);
    await warmStream.opened;
    await warmStream.close();
    await inBatches(idleCookies, signInBatch, (cookie) => signOut(url, cookie));
    await sleep(liveGraceMs + quietMs);
    const atRest = await settledRss(tern.pid);
    log(`RSS at rest ${mb(atRest)}`);

    const rss = new Map<number, number>();
    let opened = 0;
    for (const count of stages) {
      const joining = users.slice(cookies.size, count);
      const started = performance.now();
      await inBatches(joining, signInBatch, async (user) => {
        cookies.set(user, await signIn(url, user));
        const stream = new OpenStream(url, cookies.get(user)!);
        streams.push(stream);
        await stream.opened;
        if (++opened % 100 === 0) log(`${opened} users signed in, streams open`);
      });
      if (!(await dovecotShows(stack, 2 * count)))
        log(`Dovecot shows ${allImapConnections(stack)} connections, not ${2 * count}`);
      const seconds = (performance.now() - started) / 1000;
      await sleep(quietMs);
      rss.set(count, await settledRss(tern.pid));
      log(`${count} users (${seconds.toFixed(0)} s to connect): RSS ${mb(rss.get(count)!)}`);
    }

    const loaded = await loadList(
      url,
      loading.map((user) => cookies.get(user)!),
      loadSeconds,
    );
    const dropped = streams.filter((stream) => stream.failure !== undefined).length;
    const reopened = streams.reduce((sum, stream) => sum + stream.reopened, 0);
    log(
      `list with ${streams.length} users connected: ${describeLoad(loaded)}; ` +
        `streams dropped ${dropped}, reopened ${reopened}; RSS after ${mb(await settledRss(tern.pid, 1))}`,
    );
    await Promise.all(streams.splice(0).map((stream) => stream.close()));
    await tern.stop();

    const most = stages.at(-1)!;
    const reference = runReference<{ baseline: number; after: number; sessions: number }>(
      'imapflow-sessions',
      {
        ...context.imap,
        users: users.slice(0, most),
        idleMs: quietMs,
        folder: 'INBOX',
        pooled: true,
      },
    );
    const perUser = (rss.get(most)! - rss.get(stages[0]!)!) / (most - stages[0]!);
    const perUserFloor = (reference.after - reference.baseline) / reference.sessions;

    const rssFigure = (count: number): Figure => ({
      section: 'Server',
      name: `RSS, ${count.toLocaleString('en')} user${count > 1 ? 's' : ''} with an open stream`,
      unit: 'MB',
      tern: single(megabytes(rss.get(count)!)),
      ...(count === stages[0]
        ? { note: `at rest (warmed up, nobody signed in): ${mb(atRest)}` }
        : {}),
    });
    const perUserStat = single(megabytes(perUser));
    const underLoad = stat(loaded.latencies);
    return [
      ...stages.map(rssFigure),
      {
        section: 'Server',
        name: 'RSS per user with an open stream (1 → 1,000)',
        unit: 'MB',
        tern: perUserStat,
        floor: single(megabytes(perUserFloor)),
        floorName: 'bare imapflow: INBOX IDLE + 1 pooled',
        goal: goals.atMost(1, 'MB', perUserStat),
      },
      {
        section: 'Server',
        name: 'list window p95 with 1,000 users connected',
        unit: 'ms',
        tern: underLoad,
        floor: stat(idle.latencies),
        floorName: 'same, idle server',
        goal: goals.below(100, 'ms', underLoad.p95),
        note:
          `${loaders} users loading at once for ${loadSeconds} s: ${describeLoad(loaded)} ` +
          `(idle: ${describeLoad(idle)})`,
      },
    ];
  } catch (error) {
    log(`Tern's output:\n${tern.output()}`);
    throw error;
  } finally {
    await Promise.all(streams.map((stream) => stream.close()));
    await tern.stop();
  }
};
