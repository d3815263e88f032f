import { describe, expect, it } from 'vitest';
import { insertNewest, removeUids, type WindowMap } from '@/lib/client/message-window-edits';
import type { MessageSummary } from '@/lib/mail/types';

const size = 4;

function row(uid: number): MessageSummary {
  return {
    uid,
    subject: `message ${uid}`,
    from: [],
    to: [],
    date: '2026-01-01T00:00:00.000Z',
    flags: [],
    size: 100,
    hasAttachments: false,
  };
}

/** A UID-descending folder of these UIDs, with only the given windows loaded. */
function folder(uids: number[], loaded: number[]): { windows: WindowMap; total: number } {
  const windows = new Map<number, MessageSummary[]>();
  for (const w of loaded) windows.set(w, uids.slice(w * size, w * size + size).map(row));
  return { windows, total: uids.length };
}

/** The loaded rows as "index:uid", to compare whole lists at a glance. */
function shown(windows: WindowMap): string[] {
  return [...windows]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([w, rows]) => rows.map((r, i) => `${w * size + i}:${r.uid}`));
}

const uids = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => from - i);

describe('new mail at the top of the list', () => {
  it('goes in first, moving every loaded row down', () => {
    const { windows, total } = folder(uids(10, 1), [0, 1, 2]);
    const edit = insertNewest(windows, total, [row(11)], size)!;
    expect(edit.total).toBe(11);
    expect(edit.change).toBe(1);
    expect(shown(edit.windows)).toEqual(
      [11, ...uids(10, 1)].map((uid, index) => `${index}:${uid}`),
    );
    expect(edit.moveIndex(0)).toBe(1);
    expect(edit.moveIndex(7)).toBe(8);
  });

  it('orders several arrivals newest first and skips repeats and UIDs already listed', () => {
    const { windows, total } = folder(uids(10, 3), [0, 1]);
    const edit = insertNewest(windows, total, [row(12), row(10), row(11), row(12), row(7)], size)!;
    expect(edit.change).toBe(2);
    expect(edit.total).toBe(10);
    expect(shown(edit.windows).slice(0, 3)).toEqual(['0:12', '1:11', '2:10']);
  });

  it('changes nothing for an event seen before', () => {
    const { windows, total } = folder(uids(10, 1), [0]);
    const edit = insertNewest(windows, total, [row(10)], size)!;
    expect(edit.change).toBe(0);
    expect(edit.total).toBe(10);
    expect(shown(edit.windows)).toEqual(shown(windows));
    expect(edit.moveIndex(5)).toBe(5);
  });

  it('drops a window whose edge moved onto rows never loaded, so it loads again', () => {
    // Windows 0 and 2 loaded; after one arrival window 1 would need row 4 (was row 3, loaded)
    // and rows 5-7 (were 4-6, never loaded); window 2 would need row 8 (was 7, never loaded).
    // Window 3, the folder's short last one, now holds only the oldest row, which was loaded.
    const { windows, total } = folder(uids(12, 1), [0, 2]);
    const edit = insertNewest(windows, total, [row(13)], size)!;
    expect([...edit.windows.keys()].sort()).toEqual([0, 3]);
    expect(shown(edit.windows)).toEqual(['0:13', '1:12', '2:11', '3:10', '12:1']);
  });

  it('fills an empty folder', () => {
    const edit = insertNewest(new Map([[0, []]]), 0, [row(1)], size)!;
    expect(edit.total).toBe(1);
    expect(shown(edit.windows)).toEqual(['0:1']);
  });

  it('cannot say where rows go while the top of the list is not loaded', () => {
    const { windows, total } = folder(uids(12, 1), [1]);
    expect(insertNewest(windows, total, [row(13)], size)).toBeUndefined();
    expect(insertNewest(new Map(), 0, [row(1)], size)).toBeUndefined();
  });
});

describe('expunged mail out of the list', () => {
  it('removes loaded rows and moves the ones after them up', () => {
    const { windows, total } = folder(uids(12, 1), [0, 1, 2]);
    const edit = removeUids(windows, total, [11, 6], size);
    expect(edit.total).toBe(10);
    expect(edit.change).toBe(-2);
    expect(edit.inferred).toBe(0);
    expect(shown(edit.windows)).toEqual(
      [12, 10, 9, 8, 7, 5, 4, 3, 2, 1].map((uid, index) => `${index}:${uid}`),
    );
    expect(edit.moveIndex(0)).toBe(0);
    expect(edit.moveIndex(1)).toBe(1); // the removed row's place goes to the row after it
    expect(edit.moveIndex(2)).toBe(1);
    expect(edit.moveIndex(11)).toBe(9);
  });

  it('moves rows up for a UID that was not loaded but lies above them', () => {
    // Windows 0 (12..9) and 2 (4..1) loaded; 6 sits in window 1, which is not.
    const { windows, total } = folder(uids(12, 1), [0, 2]);
    const edit = removeUids(windows, total, [6], size);
    expect(edit.total).toBe(11);
    expect(edit.inferred).toBe(1);
    expect(edit.moveIndex(3)).toBe(3);
    expect(edit.moveIndex(8)).toBe(7);
    // Rows 4..1 now sit at 7..10: window 1 lacks rows 4-6 and loads again; window 2 is the
    // folder's last, now three rows long, and all of them were loaded.
    expect(shown(edit.windows)).toEqual(['0:12', '1:11', '2:10', '3:9', '8:3', '9:2', '10:1']);
  });

  it('ignores UIDs that cannot be in the list: between loaded neighbours, above the top, below the end', () => {
    const { windows, total } = folder([20, 18, 16, 14, 12, 10, 8, 6], [0, 1]);
    const edit = removeUids(windows, total, [17, 30, 1], size);
    expect(edit.change).toBe(0);
    expect(edit.total).toBe(8);
    expect(shown(edit.windows)).toEqual(shown(windows));
  });

  it('counts a UID once however often the event names it', () => {
    const { windows, total } = folder(uids(8, 1), [0, 1]);
    const edit = removeUids(windows, total, [5, 5, 5], size);
    expect(edit.total).toBe(7);
    expect(shown(edit.windows)).toEqual(
      [8, 7, 6, 4, 3, 2, 1].map((uid, index) => `${index}:${uid}`),
    );
  });

  it('leaves an empty folder loaded and empty', () => {
    const { windows, total } = folder([2, 1], [0]);
    const edit = removeUids(windows, total, [1, 2], size);
    expect(edit.total).toBe(0);
    expect([...edit.windows]).toEqual([[0, []]]);
  });

  it('keeps the last, shorter window when the folder ends inside it', () => {
    const { windows, total } = folder(uids(10, 1), [0, 1, 2]);
    const edit = removeUids(windows, total, [10], size);
    expect(shown(edit.windows)).toEqual(uids(9, 1).map((uid, index) => `${index}:${uid}`));
    expect(edit.windows.get(2)).toHaveLength(1);
  });
});
