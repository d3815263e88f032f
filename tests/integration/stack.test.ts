/** scripts/mailstack: idempotent up, side-by-side stacks, a down that leaves nothing running, seeding. */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectImap } from '@/lib/imap/client';
import { repoRoot, stackOptions, stackPaths, withPortOffset } from '../../scripts/stack/options.ts';
import { messageCount, seed, seedDemo } from '../../scripts/stack/seed.ts';
import { dovecotProcesses, down, status, up } from '../../scripts/stack/stack.ts';
import { portAcceptsConnections } from '../../scripts/stack/system.ts';
import { alice, bob, testCa, testStack } from '../support/test-stack.ts';

const quiet = () => {};
const second = stackOptions({
  dir: path.join(repoRoot, '.mailstack-test-second'),
  ports: withPortOffset(10_500),
});

afterAll(async () => {
  await down(second.dir, quiet);
  rmSync(second.dir, { recursive: true, force: true });
});

describe('the mail stack', () => {
  it('treats a second up as harmless', async () => {
    const before = status(testStack.dir);
    await up(testStack, quiet);
    const after = status(testStack.dir);
    expect(after.dovecot).toBe(before.dovecot);
    expect(after.postfix).toBe(before.postfix);
  });

  it('runs a second stack beside the first, and down stops only that one, completely', async () => {
    await up(second, quiet);
    const there = await connectImap({
      endpoint: { host: '127.0.0.1', port: second.ports.imap, tls: 'starttls' },
      tlsCa: readFileSync(stackPaths(second.dir).certFile, 'utf8'),
      auth: { user: alice.email, pass: alice.password },
    });
    await there.logout();
    const { postfix } = status(second.dir);
    expect(dovecotProcesses(second.dir).length).toBeGreaterThan(0);

    await down(second.dir, quiet);
    expect(dovecotProcesses(second.dir)).toEqual([]);
    expect(() => process.kill(postfix!, 0)).toThrow();
    const { imap, imaps, lmtp, smtp, submission } = second.ports;
    for (const port of [imap, imaps, lmtp, smtp, submission]) {
      expect(await portAcceptsConnections(port), `port ${port}`).toBe(false);
    }

    // The first stack never noticed.
    expect(await portAcceptsConnections(testStack.ports.imap)).toBe(true);
    expect(status(testStack.dir).postfix).toBeDefined();
  });
});

describe('seeding', () => {
  it('fills a folder Dovecot creates by itself (Junk) before its directory exists', () => {
    seed(testStack, { user: bob.email, count: 5, folder: 'Junk', seed: 4 }, quiet);
    expect(messageCount(testStack, bob.email, 'Junk')).toBe(5);
  });

  it('writes messages that Dovecot numbers in date order, with flags', async () => {
    seed(testStack, { user: alice.email, count: 300, folder: 'Seeded', seed: 3 }, quiet);
    expect(messageCount(testStack, alice.email, 'Seeded')).toBe(300);

    const client = await connectImap({
      endpoint: { host: '127.0.0.1', port: testStack.ports.imap, tls: 'starttls' },
      tlsCa: testCa(),
      auth: { user: alice.email, pass: alice.password },
    });
    try {
      const lock = await client.getMailboxLock('Seeded');
      try {
        const dates: number[] = [];
        let seen = 0;
        for await (const message of client.fetch(
          '1:*',
          { internalDate: true, flags: true, envelope: true },
          { uid: true },
        )) {
          dates.push(new Date(message.internalDate ?? 0).getTime());
          if (message.flags?.has('\\Seen')) seen++;
          expect(message.envelope?.messageId).toMatch(/^<.+@.+>$/);
        }
        expect(dates).toHaveLength(300);
        expect(dates).toEqual([...dates].sort((a, b) => a - b));
        expect(seen).toBeGreaterThan(100);
        expect(seen).toBeLessThan(300);
      } finally {
        lock.release();
      }
      const folders = await client.list();
      expect(folders.find((f) => f.path === 'Seeded')?.subscribed).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('seeds the demo mailbox once, however often it is asked', () => {
    const demo = testStack.users[0]!.email;
    seedDemo(testStack, demo, false, quiet);
    const first = messageCount(testStack, demo, 'INBOX');
    seedDemo(testStack, demo, false, quiet);
    expect(first).toBeGreaterThan(100);
    expect(messageCount(testStack, demo, 'INBOX')).toBe(first);
    expect(messageCount(testStack, demo, 'Projects/Tern')).toBeGreaterThan(0);
  });
});
