/**
 * Playwright's web server: a fresh test mail stack with a little mail, then Tern's server (server.ts) on
 * the production build. Runs under plain Node (type stripping), so imports carry their .ts extension.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { seed } from '../../scripts/stack/seed.ts';
import { down, up } from '../../scripts/stack/stack.ts';
import {
  alice,
  e2eImageServerPort,
  testPaths,
  testServerEnv,
  testStack,
} from '../support/test-stack.ts';

const port = process.argv[2] ?? '3100';
const quiet = () => {};

await down(testStack.dir, quiet);
rmSync(testPaths.mail, { recursive: true, force: true });
await up(testStack, quiet);
seed(testStack, { user: alice.email, count: 40, folder: 'INBOX', seed: 7 }, quiet);
seed(testStack, { user: alice.email, count: 12, folder: 'Archive', seed: 9 }, quiet);
seed(testStack, { user: alice.email, count: 100_000, folder: 'Big', seed: 8 }, quiet);

const next = spawn(process.execPath, ['server.ts', '--port', port], {
  stdio: 'inherit',
  env: {
    ...process.env,
    ...testServerEnv(),
    NODE_ENV: 'production',
    TERN_IMAGE_PROXY_ALLOW_HOSTS: `127.0.0.1:${e2eImageServerPort}`,
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => next.kill(signal));
next.on('exit', (code) => process.exit(code ?? 0));
