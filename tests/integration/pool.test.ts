/** The IMAP session pool against the real Dovecot: reuse, parallel requests, caps, outages. */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isMailError } from '@/lib/errors';
import { ImapPool, type PoolAccount } from '@/lib/imap/pool';
import { messageCount, seed } from '../../scripts/stack/seed.ts';
import { stopDovecot, up } from '../../scripts/stack/stack.ts';
import { testConfig } from '../support/test-config';
import { bob, testStack } from '../support/test-stack.ts';

const quiet = () => {};
const pools: ImapPool[] = [];

function makePool(overrides: { idleMs?: number; maxPerUser?: number } = {}): ImapPool {
  const config = testConfig();
  const pool = new ImapPool({
    endpoint: config.imap,
    tlsCa: config.tlsCa,
    idleMs: overrides.idleMs ?? 60_000,
    maxPerUser: overrides.maxPerUser ?? 3,
  });
  pools.push(pool);
  return pool;
}

function session(password = bob.password): PoolAccount {
  return { sid: randomUUID(), email: bob.email, password };
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(
    () => expect.unreachable('expected the request to fail'),
    (error: unknown) => error,
  );
}

beforeAll(() => {
  seed(testStack, { user: bob.email, count: 7, folder: 'INBOX', seed: 11 }, quiet);
  seed(testStack, { user: bob.email, count: 3, folder: 'Archive', seed: 12 }, quiet);
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.closeAll()));
});

describe('IMAP session pool', () => {
  it('keeps one logged-in connection per session and reuses it', async () => {
    const pool = makePool();
    const account = session();
    await pool.signIn(account);
    const first = await pool.use(account, (client) => Promise.resolve(client));
    const second = await pool.use(account, (client) => Promise.resolve(client));
    expect(second).toBe(first);
    expect(pool.stats()).toEqual({ users: 1, connections: 1, busy: 0 });
  });

  it('answers 20 parallel requests across two folders, each from its own folder', async () => {
    const pool = makePool({ maxPerUser: 3 });
    const account = session();
    const expected = {
      INBOX: messageCount(testStack, bob.email, 'INBOX'),
      Archive: messageCount(testStack, bob.email, 'Archive'),
    };
    expect(expected.INBOX).not.toBe(expected.Archive);
    let mostConnections = 0;
    const folders = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'Archive' : 'INBOX'));
    const answers = await Promise.all(
      folders.map((folder) =>
        pool.use(
          account,
          async (client) => {
            mostConnections = Math.max(mostConnections, pool.stats().connections);
            // Yield between two reads: another request must not switch this connection's folder.
            const before = client.mailbox ? client.mailbox.path : undefined;
            const status = await client.status(folder, { messages: true });
            await new Promise((resolve) => setTimeout(resolve, 5));
            const after = client.mailbox ? client.mailbox.path : undefined;
            return {
              folder,
              before,
              after,
              exists: client.mailbox ? client.mailbox.exists : -1,
              status,
            };
          },
          { folder },
        ),
      ),
    );
    for (const answer of answers) {
      expect(answer.before).toBe(answer.folder);
      expect(answer.after).toBe(answer.folder);
      expect(answer.exists).toBe(expected[answer.folder as keyof typeof expected]);
    }
    expect(mostConnections).toBeLessThanOrEqual(3);
    expect(pool.stats().busy).toBe(0);
  });

  it('keeps a user under the cap across sessions, taking over idle connections of other devices', async () => {
    const pool = makePool({ maxPerUser: 2 });
    const phone = session();
    const desktop = session();
    await Promise.all([pool.signIn(phone), pool.signIn(desktop)]);
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        pool.use(i % 2 ? phone : desktop, async () => {
          expect(pool.stats().connections).toBeLessThanOrEqual(2);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }),
      ),
    );
    expect(pool.stats().connections).toBeLessThanOrEqual(2);
  });

  it('checks a stranger’s password beside the user’s connections, never instead of them', async () => {
    const pool = makePool({ maxPerUser: 1 });
    const owner = session();
    await pool.signIn(owner);
    const before = await pool.use(owner, (client) => Promise.resolve(client));
    const guess = await failure(pool.signIn(session('a-wrong-guess')));
    expect(isMailError(guess, 'auth_failed')).toBe(true);
    expect(await pool.use(owner, (client) => Promise.resolve(client))).toBe(before);
    expect(pool.stats().connections).toBe(1);
  });

  it('logs out idle connections after the idle time', async () => {
    const pool = makePool({ idleMs: 200 });
    await pool.signIn(session());
    expect(pool.stats().connections).toBe(1);
    await expect.poll(() => pool.stats().connections, { timeout: 3000 }).toBe(0);
  });

  it('closes a session’s connections when it ends', async () => {
    const pool = makePool();
    const account = session();
    await pool.signIn(account);
    pool.closeSession(account.sid);
    expect(pool.stats().connections).toBe(0);
  });

  it('says a rejected stored password means signing in again', async () => {
    const pool = makePool();
    const error = await failure(pool.use(session('not-the-password'), () => Promise.resolve(1)));
    expect(isMailError(error, 'unauthenticated')).toBe(true);
  });

  it('says when a folder does not exist', async () => {
    const pool = makePool();
    const error = await failure(
      pool.use(session(), () => Promise.resolve(1), { folder: 'No such folder' }),
    );
    expect(isMailError(error, 'not_found')).toBe(true);
  });

  it('gives up within a few seconds on a server that accepts but never answers', async () => {
    const silent = createServer(() => {}); // holds every connection open, says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const config = testConfig();
    const pool = new ImapPool({
      endpoint: { ...config.imap, port },
      tlsCa: config.tlsCa,
      idleMs: 60_000,
      maxPerUser: 3,
    });
    try {
      const started = performance.now();
      const error = await failure(pool.use(session(), () => Promise.resolve(1)));
      expect(isMailError(error, 'imap_unavailable')).toBe(true);
      expect(performance.now() - started).toBeLessThan(7000);
    } finally {
      silent.close();
      await pool.closeAll();
    }
  });

  it('replaces connections that died in a Dovecot restart', async () => {
    const pool = makePool();
    const account = session();
    await pool.use(account, () => Promise.resolve(1), { folder: 'INBOX' });
    await stopDovecot(testStack.dir);
    await up(testStack, quiet);
    const exists = await pool.use(
      account,
      (client) => Promise.resolve(client.mailbox ? client.mailbox.exists : -1),
      {
        folder: 'INBOX',
        idempotent: true,
      },
    );
    expect(exists).toBe(messageCount(testStack, bob.email, 'INBOX'));
  });

  it('fails fast and clearly while Dovecot is down, then recovers', async () => {
    const pool = makePool();
    const account = session();
    await stopDovecot(testStack.dir);
    try {
      const started = performance.now();
      const error = await failure(pool.use(account, () => Promise.resolve(1)));
      expect(performance.now() - started).toBeLessThan(6000);
      expect(isMailError(error, 'imap_unavailable')).toBe(true);

      // Backing off: the next attempt does not even try, and says when Tern will.
      const again = await failure(pool.use(account, () => Promise.resolve(1)));
      expect(isMailError(again, 'imap_unavailable') && again.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await up(testStack, quiet);
    }
    await expect
      .poll(() => pool.use(account, () => Promise.resolve('ok')).catch(() => 'down'), {
        timeout: 15_000,
      })
      .toBe('ok');
  });
});
