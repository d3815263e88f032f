/**
 * UID SORT and UID THREAD through imapflow's internal exec() (lib/imap/sort.ts) against Dovecot.
 * If an imapflow upgrade changes exec(), these fail first.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapPool, type PoolAccount } from '@/lib/imap/pool';
import {
  attachmentUids,
  searchesMimeParts,
  sortUids,
  supportsSort,
  threadAlgorithm,
  threadUids,
} from '@/lib/imap/sort';
import { deliverRaw, seed } from '../../scripts/stack/seed.ts';
import { testConfig } from '../support/test-config';
import { bob, testStack } from '../support/test-stack.ts';

const folder = 'SortTest';
let pool: ImapPool;
const account: PoolAccount = { sid: randomUUID(), email: bob.email, password: bob.password };

beforeAll(() => {
  seed(testStack, { user: bob.email, count: 60, folder, seed: 21 }, () => {});
  const config = testConfig();
  pool = new ImapPool({
    endpoint: config.imap,
    tlsCa: config.tlsCa,
    idleMs: 60_000,
    maxPerUser: 2,
  });
});

afterAll(() => pool.closeAll());

describe('UID SORT', () => {
  it('is offered by the server', async () => {
    expect(await pool.use(account, (client) => Promise.resolve(supportsSort(client)))).toBe(true);
  });

  it('sorts by size both ways and leaves the connection usable', async () => {
    await pool.use(
      account,
      async (client) => {
        const ascending = await sortUids(client, 'SIZE', false, { kind: 'all' });
        const descending = await sortUids(client, 'SIZE', true, { kind: 'all' });
        expect(ascending).toHaveLength(60);
        const sizes = new Map(
          (await client.fetchAll('1:*', { uid: true, size: true })).map((m) => [
            m.uid,
            m.size ?? 0,
          ]),
        );
        const inOrder = ascending.map((uid) => sizes.get(uid)!);
        expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));
        expect(descending.map((uid) => sizes.get(uid)!)).toEqual([...inOrder].reverse());
        // The next command still gets an answer: the SORT response was fully consumed.
        await client.noop();
        expect(client.usable).toBe(true);
      },
      { folder },
    );
  });

  it('applies search criteria, passing header values as strings', async () => {
    await pool.use(
      account,
      async (client) => {
        const unseen = await sortUids(client, 'DATE', true, { kind: 'unseen' });
        const search = (await client.search({ seen: false }, { uid: true })) || [];
        expect([...unseen].sort((a, b) => a - b)).toEqual([...search].sort((a, b) => a - b));
        const odd = await sortUids(client, 'ARRIVAL', false, {
          kind: 'header',
          name: 'Subject',
          contains: '") ALL (',
        });
        expect(odd).toEqual([]);
      },
      { folder },
    );
  });
});

describe('UID THREAD', () => {
  const message = (id: string, subject: string, parent?: string) => ({
    raw: Buffer.from(
      [
        'From: Ann <ann@tern.test>',
        `To: ${bob.email}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}@tern.test>`,
        ...(parent
          ? [`In-Reply-To: <${parent}@tern.test>`, `References: <${parent}@tern.test>`]
          : []),
        'Date: Tue, 03 Mar 2026 10:00:00 +0000',
        '',
        'Body.',
        '',
      ].join('\r\n'),
    ),
  });

  it('groups replies with what they answer, in UID order, and leaves the connection usable', async () => {
    deliverRaw(testStack, bob.email, 'ThreadTest', [
      message('a', 'Plans'),
      message('x', 'Unrelated'),
      message('y', 'Plans'), // the same subject, but no reference: another conversation
      message('b', 'Re: Plans', 'a'),
      message('c', 'Re: Re: Plans', 'b'),
    ]);
    const threads = await pool.use(
      account,
      async (client) => {
        expect(threadAlgorithm(client)).toBe('REFS');
        const found = await threadUids(client, 'REFS');
        expect(await client.fetchOne('1', { uid: true }, { uid: true })).toBeTruthy();
        return found;
      },
      { folder: 'ThreadTest' },
    );
    expect(threads.map((t) => [...t].sort((x, y) => x - y))).toEqual(
      expect.arrayContaining([[1, 4, 5], [2], [3]]),
    );
    expect(threads).toHaveLength(3);
  });
});

describe('attachments by structure (MIMEPART)', () => {
  it('finds the messages whose structure has an attachment, the same by SEARCH and SORT', async () => {
    await pool.use(
      account,
      async (client) => {
        expect(searchesMimeParts(client)).toBe(true);
        // What the list's paperclip says, from each message's BODYSTRUCTURE.
        const rows = await client.fetchAll('1:*', { uid: true, bodyStructure: true });
        const hasFile = (part: (typeof rows)[number]['bodyStructure']): boolean =>
          part?.disposition === 'attachment' || (part?.childNodes ?? []).some(hasFile);
        const expected = rows.filter((m) => hasFile(m.bodyStructure)).map((m) => m.uid);
        expect(expected.length).toBeGreaterThan(0);
        expect(await attachmentUids(client)).toEqual(expected.sort((a, b) => a - b));
        const sorted = await sortUids(client, 'SIZE', false, { kind: 'attachment' });
        expect([...sorted].sort((a, b) => a - b)).toEqual(expected);
        // Among some UIDs only.
        const some = expected.slice(0, 2);
        expect(await attachmentUids(client, some.join(','))).toEqual(some);
        await client.noop();
        expect(client.usable).toBe(true);
      },
      { folder },
    );
  });
});
