/** Starts the test mail stack with empty mailboxes before the integration tests, and stops it after. */
import { rmSync } from 'node:fs';
import { down, up } from '../../scripts/stack/stack.ts';
import { testPaths, testStack } from '../support/test-stack.ts';

const quiet = () => {};

export async function setup(): Promise<void> {
  await down(testStack.dir, quiet);
  rmSync(testPaths.mail, { recursive: true, force: true });
  await up(testStack, quiet);
  Object.assign(process.env, { TERN_TEST_STACK: testStack.dir });
}

export async function teardown(): Promise<void> {
  await down(testStack.dir, quiet);
}
