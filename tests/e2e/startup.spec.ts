/** Starting the production server with bad configuration: one readable line, never a stack trace. */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { testServerEnv } from '../support/test-stack.ts';
import { startTern } from '../../scripts/tern-process.ts';

test.describe('server start-up', () => {
  test.skip(({ isMobile }) => isMobile, 'no browser involved: once is enough');

  for (const [name, change, message] of [
    ['missing secret', { TERN_SESSION_SECRET: '' }, 'TERN_SESSION_SECRET is missing'],
    [
      'wrong TLS mode',
      { TERN_IMAP_TLS: 'ssl' },
      'TERN_IMAP_TLS must be one of implicit, starttls, none',
    ],
  ] as const) {
    test(`stops with one line for a ${name}`, async () => {
      const server = startTern(3197, { ...testServerEnv(), ...change });
      const timeout = setTimeout(() => void server.stop(), 20_000);
      expect(await server.exitCode).toBe(1);
      clearTimeout(timeout);
      const errorLines = server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('tern:'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toContain(`tern: configuration error: ${message}`);
      expect(server.output()).not.toMatch(/\n\s+at /);
    });
  }

  test('stops with one line when its port is taken, instead of running without listening', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(3195, '127.0.0.1', resolve));
    try {
      const server = startTern(3195, testServerEnv());
      const timeout = setTimeout(() => void server.stop(), 20_000);
      expect(await server.exitCode).toBe(1);
      clearTimeout(timeout);
      expect(server.output()).toContain(
        'tern: configuration error: 127.0.0.1:3195 is already in use',
      );
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });

  test('keeps running with one warning when the IMAP host is unreachable, and answers 503', async ({
    request,
  }) => {
    const server = startTern(3198, { ...testServerEnv(), TERN_IMAP_PORT: '1' });
    try {
      await expect.poll(() => server.output(), { timeout: 20_000 }).toContain('tern: warning:');
      expect(server.output()).toContain('nothing accepts connections at 127.0.0.1:1');
      const response = await request.get('http://127.0.0.1:3198/api/health');
      expect(response.status()).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: 'imap_unavailable' } });
    } finally {
      await server.stop();
    }
  });

  test('keeps answering when whatever read its log has gone away', async ({ request }) => {
    // Its start-up lines and the unreachable-IMAP warning all go to a closed pipe.
    const server = startTern(
      3194,
      { ...testServerEnv(), TERN_IMAP_PORT: '1' },
      { closeOutput: true },
    );
    try {
      const health = () =>
        request.get('http://127.0.0.1:3194/api/health').then(
          (response) => response.status(),
          () => 0,
        );
      await expect.poll(health, { timeout: 30_000 }).toBe(503);
      // Not spinning on failed writes: a second of waiting costs well under a second of CPU.
      const before = cpuMs(server.pid);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(cpuMs(server.pid) - before).toBeLessThan(500);
      expect(await health()).toBe(503);
    } finally {
      await server.stop();
    }
  });
});

/** CPU time (user + system) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}
