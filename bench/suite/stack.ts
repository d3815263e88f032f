/**
 * The suite's mail stack: started with the current configuration every run, its demo mailbox
 * (with the 100,000-message folder) seeded and full-text indexed only the first time.
 */
import type { StackOptions } from '../../scripts/stack/options.ts';
import { doveadm, seedDemo } from '../../scripts/stack/seed.ts';
import { down, status, up } from '../../scripts/stack/stack.ts';

export const bigFolderName = 'Big';

/**
 * `given`: a stack someone else runs (--stack), used as it is; the suite's own is restarted
 * instead, since one left by an older run may have an older configuration.
 */
export async function prepareSuiteStack(
  stack: StackOptions,
  given: boolean,
  log: (line: string) => void,
): Promise<void> {
  const quiet = () => {};
  if (given) {
    if (!status(stack.dir).dovecot) throw new Error(`no mail stack runs in ${stack.dir}`);
  } else {
    await down(stack.dir, quiet);
    await up(stack, quiet);
  }
  const demo = stack.users.find((u) => u.email.startsWith('demo@'))!;
  let started = performance.now();
  seedDemo(stack, demo.email, true, quiet);
  const seeded = (performance.now() - started) / 1000;
  if (seeded > 5) log(`seeded the demo mailbox in ${seeded.toFixed(0)} s (kept for later runs)`);
  if (!stack.fts) return;
  started = performance.now();
  log('full-text indexing (about 20 minutes the first time, instant later)…');
  doveadm(stack, ['index', '-u', demo.email, '*']);
  log(`indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export async function stopSuiteStack(stack: StackOptions): Promise<void> {
  await down(stack.dir, () => {});
}
