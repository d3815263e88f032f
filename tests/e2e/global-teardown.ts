import { down } from '../../scripts/stack/stack.ts';
import { testStack } from '../support/test-stack.ts';

export default async function globalTeardown(): Promise<void> {
  await down(testStack.dir, () => {});
}
