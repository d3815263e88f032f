/**
 * What every section of the benchmark suite shares: one mail stack kept between runs (its own
 * folder and ports, seeded once), the users in it, and a way to start production Tern servers on it.
 */
import path from 'node:path';
import {
  defaultUsers,
  repoRoot,
  stackOptions,
  stackPaths,
  withPortOffset,
  type StackOptions,
  type StackUser,
} from '../../scripts/stack/options.ts';
import { startTern, waitUntilListening, type TernProcess } from '../../scripts/tern-process.ts';
import { benchServerEnv, benchUsers } from '../bench-stack.ts';
import type { ReferenceServer } from '../reference/connect.ts';
import type { Figure } from './figure.ts';

/** Enough users for the load section's 1,000 signed-in users, plus the demo users. */
export const suiteUserCount = 1000;

export interface BenchContext {
  stack: StackOptions;
  /** The stack's Dovecot, for raw imapflow connections (bench/reference/connect.ts). */
  imap: ReferenceServer;
  /** demo@: the seeded demo mailbox with the 100,000-message folder `Big`. */
  demo: StackUser;
  /** bench0001@ … bench1000@ (fewer in a stack given with --stack): empty mailboxes. */
  users: StackUser[];
  /** How many times each timed step runs (the median and p95 are over these). */
  runs: number;
  /** Starts a production Tern server on the stack; `slot` picks a port of the suite's own. */
  startServer: (slot: number, env?: Record<string, string>) => Promise<TernProcess>;
  log: (line: string) => void;
}

export type Section = (context: BenchContext) => Promise<Figure[]>;

/** The first `count` bench users, or a clear failure when the stack (given with --stack) lacks them. */
export function benchUsersOf(context: BenchContext, count: number, section: string): StackUser[] {
  if (context.users.length < count)
    throw new Error(
      `the ${section} section needs ${count} bench users (bench0001@… in ${context.stack.dir}); ` +
        `the suite's own stack has them: run without --stack`,
    );
  return context.users.slice(0, count);
}

/** A second checkout can run the suite at the same time with other offsets. */
const portOffset = Number(process.env.TERN_BENCH_PORT_OFFSET ?? 22_000);
const ternPortBase = Number(process.env.TERN_BENCH_TERN_PORT ?? 3400);

export function suiteStack(): StackOptions {
  return stackOptions({
    dir: path.join(repoRoot, '.mailstack-suite'),
    ports: withPortOffset(portOffset),
    users: [...defaultUsers, ...benchUsers(suiteUserCount)],
  });
}

export function suiteContext(stack: StackOptions, runs: number): BenchContext {
  const demo = stack.users.find((u) => u.email.startsWith('demo@'));
  if (!demo) throw new Error(`the mail stack in ${stack.dir} has no demo@ user`);
  const bench = new Set(benchUsers(suiteUserCount).map((u) => u.email));
  return {
    stack,
    imap: { port: stack.ports.imap, ca: stackPaths(stack.dir).certFile },
    demo,
    users: stack.users.filter((u) => bench.has(u.email)),
    runs,
    startServer: async (slot, env = {}) => {
      const port = ternPortBase + slot;
      const tern = startTern(port, {
        ...benchServerEnv(stack, `http://127.0.0.1:${port}`),
        ...env,
      });
      try {
        await waitUntilListening(tern);
      } catch (error) {
        await tern.stop();
        throw error;
      }
      return tern;
    },
    log: (line) => console.log(`  ${line}`),
  };
}
