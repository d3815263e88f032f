/**
 * The mail stack the tests run against: its own folder and ports (+10000), so it runs beside the
 * demo stack without touching it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, stackOptions, stackPaths, withPortOffset } from '../../scripts/stack/options.ts';

/** A second checkout can run its tests at the same time with another TERN_TEST_PORT_OFFSET. */
const portOffset = Number(process.env.TERN_TEST_PORT_OFFSET ?? 10_000);

export const testStack = stackOptions({
  dir: path.join(repoRoot, '.mailstack-test'),
  ports: withPortOffset(portOffset),
});

export const testPaths = stackPaths(testStack.dir);

export const alice = testStack.users.find((u) => u.email.startsWith('alice@'))!;
export const bob = testStack.users.find((u) => u.email.startsWith('bob@'))!;

const testSecret = 'test-secret-that-is-long-enough-0123456789';
/** Where the end-to-end tests serve Tern; TERN_E2E_PORT moves it for a second checkout. */
export const e2ePort = Number(process.env.TERN_E2E_PORT ?? 3100);
const testPublicUrl = `http://127.0.0.1:${e2ePort}`;
/** A stand-in for the wider web in the end-to-end tests: the one address the image proxy may reach. */
export const e2eImageServerPort = e2ePort + 1;

export function testCa(): string {
  return readFileSync(testPaths.certFile, 'utf8');
}

/** The environment a Tern server uses to talk to the test stack. */
export function testServerEnv(): Record<string, string> {
  return {
    TERN_IMAP_HOST: '127.0.0.1',
    TERN_IMAP_PORT: String(testStack.ports.imap),
    TERN_IMAP_TLS: 'starttls',
    TERN_SMTP_HOST: '127.0.0.1',
    TERN_SMTP_PORT: String(testStack.ports.submission),
    TERN_SMTP_TLS: 'starttls',
    TERN_TLS_CA_FILE: testPaths.certFile,
    TERN_SESSION_SECRET: testSecret,
    TERN_PUBLIC_URL: testPublicUrl,
  };
}
