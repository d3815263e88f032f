import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createSaveQueue,
  type SaveAttempt,
  type SaveStatus,
} from '@/lib/client/compose/save-queue';

/** A save the test answers by hand, so "in flight" lasts as long as the test wants. */
function manualSave() {
  const calls: Array<(attempt: SaveAttempt) => void> = [];
  const save = vi.fn(() => new Promise<SaveAttempt>((resolve) => calls.push(resolve)));
  return {
    save,
    answer: (attempt: SaveAttempt) => calls.shift()!(attempt),
    pending: () => calls.length,
  };
}

const ok: SaveAttempt = { ok: true, savedAt: '2026-11-22T12:03:00.000Z' };

describe('when a compose is saved to Drafts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves 3 s after the typing stops, once for a burst of changes', async () => {
    const { save, answer } = manualSave();
    const statuses: SaveStatus[] = [];
    const queue = createSaveQueue({ save, onStatus: (s) => statuses.push(s) });
    for (let i = 0; i < 5; i++) {
      queue.changed();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(queue.status()).toEqual({ kind: 'saving' });
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.status()).toEqual({ kind: 'saved', savedAt: ok.savedAt });
    expect(queue.dirty()).toBe(false);
    expect(statuses.map((s) => s.kind)).toEqual(['pending', 'saving', 'saved']);
  });

  it('saves at least every 30 s while the typing goes on', async () => {
    const { save, answer } = manualSave();
    const queue = createSaveQueue({ save, onStatus: () => {} });
    for (let second = 0; second < 31; second++) {
      queue.changed();
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(save).toHaveBeenCalledTimes(1);
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.dirty()).toBe(true); // typed on while it was saved
  });

  it('never runs two saves at once: changes made during a save go in the next one', async () => {
    const { save, answer, pending } = manualSave();
    const queue = createSaveQueue({ save, onStatus: () => {} });
    queue.changed();
    await vi.advanceTimersByTimeAsync(3000);
    expect(pending()).toBe(1);
    queue.changed();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pending()).toBe(1); // the second waits for the first answer
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(pending()).toBe(1);
    expect(save).toHaveBeenCalledTimes(2);
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.dirty()).toBe(false);
  });

  it('tries a failed save again with growing pauses, saying when', async () => {
    const { save, answer } = manualSave();
    const queue = createSaveQueue({ save, onStatus: () => {}, retryMs: [5000, 15_000] });
    queue.changed();
    await vi.advanceTimersByTimeAsync(3000);
    answer({ ok: false, message: 'Tern cannot be reached.', retry: true });
    await vi.advanceTimersByTimeAsync(0);
    const failed = queue.status();
    expect(failed).toMatchObject({ kind: 'failed', message: 'Tern cannot be reached.' });
    expect(failed.kind === 'failed' && failed.retryAt! - Date.now()).toBe(5000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(save).toHaveBeenCalledTimes(2);
    answer({ ok: false, message: 'Still down.', retry: true });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(save).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(3);
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.status().kind).toBe('saved');
  });

  it('does not retry what the server refused for good (409), until the next change', async () => {
    const { save, answer } = manualSave();
    const queue = createSaveQueue({ save, onStatus: () => {} });
    queue.changed();
    await vi.advanceTimersByTimeAsync(3000);
    answer({ ok: false, message: 'A send of this message began.', retry: false });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(queue.status()).toEqual({ kind: 'failed', message: 'A send of this message began.' });
    queue.changed();
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('saves at once when asked, and reports whether all is saved', async () => {
    const save = vi.fn((): Promise<SaveAttempt> => Promise.resolve(ok));
    const queue = createSaveQueue({ save, onStatus: () => {} });
    expect(await queue.saveNow()).toBe(true);
    expect(save).not.toHaveBeenCalled(); // nothing to save
    queue.changed();
    expect(await queue.saveNow()).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1); // the timers went with it
  });

  it('pauses for a send once the save in flight has answered, and resumes after', async () => {
    const { save, answer } = manualSave();
    const queue = createSaveQueue({ save, onStatus: () => {} });
    queue.changed();
    await vi.advanceTimersByTimeAsync(3000);
    queue.changed();
    let paused = false;
    void queue.pause().then(() => (paused = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(paused).toBe(false);
    answer(ok);
    await vi.advanceTimersByTimeAsync(0);
    expect(paused).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(save).toHaveBeenCalledTimes(1);
    queue.resume();
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('saves what a reload found unsaved', async () => {
    const save = vi.fn((): Promise<SaveAttempt> => Promise.resolve(ok));
    const queue = createSaveQueue({ save, onStatus: () => {} }, true);
    queue.resume();
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
