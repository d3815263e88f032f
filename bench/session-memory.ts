/**
 * Memory per signed-in idle session: signs N users in to a production Tern server (server.ts),
 * lets every session go idle, and compares the server's RSS growth per session with a bare
 * Node process holding the same number of logged-in imapflow connections.
 *
 * Usage: node bench/session-memory.ts [--sessions 200]   (needs a production build and root)
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
import { inBatches, kb, mb, median, runReference, settledRss, sleep } from './measure.ts';

const { values } = parseArgs({ options: { sessions: { type: 'string', default: '200' } } });
const sessions = Number(values.sessions);
/** imapflow starts IDLE after 15 s without commands: measure the state a quiet session settles in. */
const idleMs = 20_000;
const port = 3300;
const url = `http://127.0.0.1:${port}`;

const stack = benchStack(sessions);
const users = benchUsers(sessions);
console.log(`session memory: ${sessions} signed-in idle sessions`);
await startBenchStack(stack);

const tern = startTern(port, benchServerEnv(stack, url));
try {
  await waitUntilListening(tern);
  const headers = { 'content-type': 'application/json', origin: url };
  const signInAndAsk = async (user: { email: string; password: string }) => {
    const started = performance.now();
    const cookie = await signIn(url, user);
    const me = await fetch(`${url}/api/session`, { headers: { cookie } });
    if (me.status !== 200) throw new Error(`session of ${user.email}: ${me.status}`);
    return { cookie, ms: performance.now() - started };
  };

  // Warm up: the first requests load and compile the route code.
  for (const user of users.slice(0, 5)) {
    const { cookie } = await signInAndAsk(user);
    await fetch(`${url}/api/session`, {
      method: 'DELETE',
      headers: { ...headers, cookie },
      body: '{}',
    });
  }
  await sleep(2000);
  const baseline = await settledRss(tern.pid);

  const started = performance.now();
  const signedIn = await inBatches(users, 8, signInAndAsk);
  const signInSeconds = (performance.now() - started) / 1000;
  await sleep(idleMs);
  const after = await settledRss(tern.pid);
  const ternPerSession = (after - baseline) / sessions;

  const reference = runReference<{ baseline: number; after: number; sessions: number }>(
    'imapflow-sessions',
    { port: stack.ports.imap, ca: stackPaths(stack.dir).certFile, users, idleMs },
  );
  const referencePerSession = (reference.after - reference.baseline) / reference.sessions;

  console.log(`  Tern server RSS: ${mb(baseline)} → ${mb(after)} (+${mb(after - baseline)})`);
  console.log(`  Tern per session: ${kb(ternPerSession)}`);
  console.log(
    `  raw imapflow per connection (reference, same Dovecot): ${kb(referencePerSession)}`,
  );
  console.log(`  ratio Tern / raw imapflow: ${(ternPerSession / referencePerSession).toFixed(2)}`);
  console.log(
    `  sign-in + first request: median ${median(signedIn.map((s) => s.ms)).toFixed(0)} ms, ` +
      `${sessions} sessions in ${signInSeconds.toFixed(1)} s (8 at a time)`,
  );
} finally {
  await tern.stop();
  await stopBenchStack(stack);
}
