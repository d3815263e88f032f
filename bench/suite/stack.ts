/**
 * The suite's mail stack: started with the current configuration every run, its demo mailbox
 * (with the 100,000-message folder) seeded and full-text indexed only the first time.
 */
import type { StackOptions } from '../../scripts/stack/options.ts';
import { doveadm, seedDemo } from '../../scripts/stack/seed.ts';
import { down, up } from '../../scripts/stack/stack.ts';

export const bigFolderName = 'Big';

export async function prepareSuiteStack(
  stack: StackOptions,
  log: (line: string) => void,
): Promise<void> {
  const quiet = () => {};
  // Restarted, not reused: a stack left by an older run may have an older configuration.
  await down(stack.dir, quiet);
  await up(stack, quiet);
  const demo = stack.users.find((u) => u.email.startsWith('demo@'))!;
  let started = performance.now();
  seedDemo(stack, demo.email, true, quiet);
  const seeded = (performance.now() - started) / 1000;
  if (seeded > 5) log(`seeded the demo mailbox in ${seeded.toFixed(0)} s (kept for later runs)`);
  if (!stack.fts) return;
  started = performance.now();
  log('full-text indexing (10–15 minutes the first time, instant later)…');
  doveadm(stack, ['index', '-u', demo.email, '*']);
  log(`indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

export async function stopSuiteStack(stack: StackOptions): Promise<void> {
  await down(stack.dir, () => {});
}
