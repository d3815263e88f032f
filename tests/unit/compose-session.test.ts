import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiResult } from '@/lib/client/api';
import { ComposeSession } from '@/lib/client/compose/compose-session';
import { memoryDraftStore, type LocalDraft } from '@/lib/client/compose/drafts-store';
import type { Upload } from '@/lib/client/compose/upload';
import type { ComposeFields, DraftSaved, UploadedFile } from '@/lib/mail/types';

const account = 'alice@tern.test';
const composeId = 'AAAAAAAAAAAAAAAAAAAAAA';
const now = 1_800_000_000_000;

function record(patch: Partial<LocalDraft> = {}): LocalDraft {
  return {
    account,
    composeId,
    fields: {
      composeId,
      revision: 0,
      to: [],
      cc: [],
      bcc: [],
      subject: '',
      body: { mode: 'text', text: '' },
      attachments: [],
    },
    state: 'editing',
    open: true,
    dirty: false,
    updatedAt: 0,
    ...patch,
  };
}

function answered(fields: ComposeFields, uid = 7): ApiResult<DraftSaved> {
  return {
    ok: true,
    value: {
      draft: { folder: 'Drafts', uid },
      revision: fields.revision,
      savedAt: '2026-11-22T12:03:00.000Z',
      attachments: fields.attachments.map((a, index) => ({ ...a, ref: { kind: 'draft', index } })),
    },
  };
}

describe('a compose session', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps every change in the local store at once, and saves to Drafts when typing stops', async () => {
    const store = memoryDraftStore();
    const save = vi.fn((fields: ComposeFields) => Promise.resolve(answered(fields)));
    const session = new ComposeSession(record(), { store, save, now: () => now });
    session.edit((f) => ({ ...f, subject: 'Lunch' }));
    session.edit((f) => ({ ...f, body: { mode: 'text', text: 'At noon?' } }));
    await session.flushLocal();
    const kept = await store.get(account, composeId);
    expect(kept?.fields.subject).toBe('Lunch');
    expect(kept?.fields.body).toEqual({ mode: 'text', text: 'At noon?' });
    expect(kept?.dirty).toBe(true);
    expect(save).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0]![0].revision).toBe(now);
    await session.flushLocal();
    const after = await store.get(account, composeId);
    expect(after?.dirty).toBe(false);
    expect(after?.saved).toEqual({
      at: '2026-11-22T12:03:00.000Z',
      revision: now,
      draft: { folder: 'Drafts', uid: 7 },
    });
    expect(session.getSnapshot().saveStatus.kind).toBe('saved');
    expect(session.settledOnServer()).toBe(true);
  });

  it('raises the revision with every save, even when the clock stands still', async () => {
    const save = vi.fn((fields: ComposeFields) => Promise.resolve(answered(fields)));
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save,
      now: () => now,
    });
    session.edit((f) => ({ ...f, subject: 'one' }));
    await session.saveNow();
    session.edit((f) => ({ ...f, subject: 'two' }));
    await session.saveNow();
    expect(save.mock.calls.map((c) => c[0].revision)).toEqual([now, now + 1]);
    expect(session.takeRevision()).toBe(now + 2);
  });

  it('leaves half-typed addresses out of a draft save, keeping them locally', async () => {
    const save = vi.fn((fields: ComposeFields) => Promise.resolve(answered(fields)));
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save,
      now: () => now,
    });
    session.edit((f) => ({
      ...f,
      to: [
        { name: '', address: 'bob@tern.test' },
        { name: '', address: 'carl@' },
      ],
    }));
    await session.saveNow();
    expect(save.mock.calls[0]![0].to).toEqual([{ name: '', address: 'bob@tern.test' }]);
    expect(session.fields.to).toHaveLength(2);
  });

  it('points saved attachments at the draft, and keeps one added while the save ran', async () => {
    let answer: (result: ApiResult<DraftSaved>) => void = () => {};
    const save = vi.fn(() => new Promise<ApiResult<DraftSaved>>((resolve) => (answer = resolve)));
    const first = {
      ref: { kind: 'upload', id: 'u1u1u1u1u1u1u1u1' },
      filename: 'a.pdf',
      contentType: 'application/pdf',
      size: 10,
    } as const;
    const second = {
      ref: { kind: 'upload', id: 'u2u2u2u2u2u2u2u2' },
      filename: 'b.pdf',
      contentType: 'application/pdf',
      size: 20,
    } as const;
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save,
      now: () => now,
    });
    session.edit((f) => ({ ...f, attachments: [first] }));
    const saving = session.saveNow();
    await vi.advanceTimersByTimeAsync(0);
    const sent = (save.mock.calls[0] as unknown as [ComposeFields])[0];
    session.edit((f) => ({ ...f, attachments: [...f.attachments, second] }));
    answer(answered(sent));
    await vi.advanceTimersByTimeAsync(0);
    expect(session.fields.attachments.map((a) => a.ref)).toEqual([
      { kind: 'draft', index: 0 },
      second.ref,
    ]);
    expect(session.current().dirty).toBe(true); // the second is not in Drafts yet
    answer(answered(session.fields));
    await saving;
  });

  it('drops "replaces" after the first save: that other copy is gone', async () => {
    const save = vi.fn((fields: ComposeFields) => Promise.resolve(answered(fields)));
    const start = record();
    start.fields.replaces = { folder: 'Drafts', uid: 3 };
    const session = new ComposeSession(start, { store: memoryDraftStore(), save, now: () => now });
    session.edit((f) => ({ ...f, subject: 'x' }));
    await session.saveNow();
    expect(save.mock.calls[0]![0].replaces).toEqual({ folder: 'Drafts', uid: 3 });
    expect(session.fields.replaces).toBeUndefined();
  });

  it('says why a save failed, and retries only what may pass later', async () => {
    const save = vi
      .fn<(fields: ComposeFields) => Promise<ApiResult<DraftSaved>>>()
      .mockResolvedValueOnce({
        ok: false,
        status: 0,
        code: 'network',
        message: 'Tern cannot be reached.',
      })
      .mockResolvedValueOnce({
        ok: false,
        status: 409,
        code: 'conflict',
        message: 'A send began.',
      });
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save,
      now: () => now,
    });
    session.edit((f) => ({ ...f, subject: 'x' }));
    await vi.advanceTimersByTimeAsync(3000);
    expect(session.getSnapshot().saveStatus).toMatchObject({
      kind: 'failed',
      message: 'Tern cannot be reached.',
    });
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(session.getSnapshot().saveStatus).toEqual({ kind: 'failed', message: 'A send began.' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('refuses files over the limit before uploading, and attaches the rest with progress', async () => {
    const uploads: Array<{
      file: File;
      progress: (sent: number, total: number) => void;
      finish: (r: ApiResult<UploadedFile>) => void;
      abort: () => void;
    }> = [];
    const upload = (file: File, progress: (sent: number, total: number) => void): Upload => {
      let finish: (r: ApiResult<UploadedFile>) => void = () => {};
      const done = new Promise<ApiResult<UploadedFile>>((resolve) => (finish = resolve));
      const abort = vi.fn();
      uploads.push({ file, progress, finish, abort });
      return { done, abort };
    };
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save: (fields) => Promise.resolve(answered(fields)),
      upload,
      now: () => now,
    });
    const mb = 1024 * 1024;
    const small = new File([new Uint8Array(mb)], 'small.bin');
    const big = new File([new Uint8Array(3 * mb)], 'big.bin');
    const refused = session.attach([small, big], 2 * mb);
    expect(refused).toEqual([
      {
        filename: 'big.bin',
        reason: 'is 3.0 MB; a message can carry at most 2 MB of attachments.',
      },
    ]);
    expect(uploads).toHaveLength(1);
    expect(session.uploading()).toBe(true);
    uploads[0]!.progress(mb / 2, mb);
    expect(session.getSnapshot().uploads[0]).toMatchObject({
      filename: 'small.bin',
      sent: mb / 2,
      size: mb,
    });
    uploads[0]!.finish({
      ok: true,
      value: {
        id: 'up-1-up-1-up-1-x',
        filename: 'small.bin',
        contentType: 'application/octet-stream',
        size: mb,
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(session.uploading()).toBe(false);
    expect(session.fields.attachments).toEqual([
      {
        ref: { kind: 'upload', id: 'up-1-up-1-up-1-x' },
        filename: 'small.bin',
        contentType: 'application/octet-stream',
        size: mb,
      },
    ]);
    // The next file must fit beside the first.
    expect(session.attach([new File([new Uint8Array(mb + 1)], 'more.bin')], 2 * mb)).toHaveLength(
      1,
    );
  });

  it('cancels an upload under way', () => {
    const abort = vi.fn();
    const session = new ComposeSession(record(), {
      store: memoryDraftStore(),
      save: (fields) => Promise.resolve(answered(fields)),
      upload: () => ({ done: new Promise(() => {}), abort }),
    });
    session.attach([new File(['x'], 'x.txt')], 100);
    const key = session.getSnapshot().uploads[0]!.key;
    session.cancelUpload(key);
    expect(abort).toHaveBeenCalled();
    expect(session.getSnapshot().uploads).toEqual([]);
  });

  it('saves on its own after a reload found unsaved changes', async () => {
    const save = vi.fn((fields: ComposeFields) => Promise.resolve(answered(fields)));
    new ComposeSession(record({ dirty: true }), {
      store: memoryDraftStore(),
      save,
      now: () => now,
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(1);
  });

  it('is gone from the local store once removed (sent or discarded)', async () => {
    const store = memoryDraftStore();
    const session = new ComposeSession(record(), {
      store,
      save: (f) => Promise.resolve(answered(f)),
    });
    session.edit((f) => ({ ...f, subject: 'bye' }));
    await session.remove();
    expect(await store.get(account, composeId)).toBeUndefined();
  });
});
