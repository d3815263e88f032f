import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import {
  forgetSavedDrafts,
  latestWriter,
  memoryDraftStore,
  openDraftStore,
  type LocalDraft,
} from '@/lib/client/compose/drafts-store';

let databases = 0;
const freshName = () => `tern-compose-test-${++databases}`;

function draft(account: string, composeId: string, patch: Partial<LocalDraft> = {}): LocalDraft {
  return {
    account,
    composeId,
    fields: {
      composeId,
      revision: 0,
      to: [{ name: 'Bob', address: 'bob@tern.test' }],
      cc: [],
      bcc: [],
      subject: `Subject ${composeId}`,
      body: { mode: 'html', html: '<p>Hello</p>' },
      attachments: [],
    },
    state: 'editing',
    open: true,
    dirty: true,
    updatedAt: 1,
    ...patch,
  };
}

describe('the local copy of each compose (IndexedDB)', () => {
  it('keeps records by account and compose, most recent first', async () => {
    const { store, persistent } = await openDraftStore(freshName());
    expect(persistent).toBe(true);
    await store.put(draft('alice@tern.test', 'a'.repeat(22), { updatedAt: 1 }));
    await store.put(draft('alice@tern.test', 'b'.repeat(22), { updatedAt: 3 }));
    await store.put(draft('bob@tern.test', 'a'.repeat(22), { updatedAt: 2 }));
    const alice = await store.list('alice@tern.test');
    expect(alice.map((r) => r.composeId)).toEqual(['b'.repeat(22), 'a'.repeat(22)]);
    expect((await store.get('bob@tern.test', 'a'.repeat(22)))?.account).toBe('bob@tern.test');
    await store.remove('alice@tern.test', 'a'.repeat(22));
    expect(await store.get('alice@tern.test', 'a'.repeat(22))).toBeUndefined();
    expect(await store.list('bob@tern.test')).toHaveLength(1);
    store.close();
  });

  it('survives closing and opening again, as across a reload', async () => {
    const name = freshName();
    const first = await openDraftStore(name);
    await first.store.put(draft('alice@tern.test', 'c'.repeat(22)));
    first.store.close();
    const second = await openDraftStore(name);
    const record = await second.store.get('alice@tern.test', 'c'.repeat(22));
    expect(record?.fields.body).toEqual({ mode: 'html', html: '<p>Hello</p>' });
    second.store.close();
  });

  it('forgets at sign-out only the copies Drafts has already', async () => {
    // forgetSavedDrafts opens the default database.
    const { store } = await openDraftStore();
    const saved = { at: 'x', revision: 1, draft: { folder: 'Drafts', uid: 4 } };
    await store.put(draft('alice@tern.test', 'd'.repeat(22), { dirty: false, saved }));
    await store.put(draft('alice@tern.test', 'e'.repeat(22), { dirty: true, saved }));
    await store.put(
      draft('alice@tern.test', 'f'.repeat(22), { dirty: false, saved, state: 'sending' }),
    );
    await forgetSavedDrafts('alice@tern.test');
    const left = (await store.list('alice@tern.test')).map((r) => r.composeId[0]);
    expect(left.sort()).toEqual(['e', 'f']);
    store.close();
  });

  it('works in memory the same way when the browser refuses IndexedDB', async () => {
    const store = memoryDraftStore();
    const record = draft('alice@tern.test', 'g'.repeat(22));
    await store.put(record);
    record.fields.subject = 'changed after the write'; // a copy was kept, not the object
    expect((await store.get('alice@tern.test', 'g'.repeat(22)))?.fields.subject).toBe(
      `Subject ${'g'.repeat(22)}`,
    );
  });
});

describe('writing as often as the user types', () => {
  it('keeps one write in flight and writes only the newest waiting version next', async () => {
    const written: number[] = [];
    let finish: () => void = () => {};
    const write = vi.fn(
      (record: LocalDraft) =>
        new Promise<void>((resolve) => {
          written.push(record.updatedAt);
          finish = resolve;
        }),
    );
    const writer = latestWriter(write);
    for (let i = 1; i <= 5; i++) writer.write(draft('a', 'h'.repeat(22), { updatedAt: i }));
    expect(written).toEqual([1]);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    expect(written).toEqual([1, 5]);
    finish();
    expect(await writer.flush()).toBe(true);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it('reports a failed write at flush, and recovers with the next one', async () => {
    let fail = true;
    const writer = latestWriter(() =>
      fail ? Promise.reject(new Error('quota')) : Promise.resolve(),
    );
    writer.write(draft('a', 'i'.repeat(22)));
    expect(await writer.flush()).toBe(false);
    fail = false;
    writer.write(draft('a', 'i'.repeat(22)));
    expect(await writer.flush()).toBe(true);
  });
});
