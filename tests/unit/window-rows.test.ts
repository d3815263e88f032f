import { describe, expect, it } from 'vitest';
import { changeRows, loadedRows } from '@/lib/client/window-rows';

describe('rows loaded in windows', () => {
  it('lists the loaded rows in order with their indexes', () => {
    const windows = new Map([
      [2, ['e']],
      [0, ['a', 'b']],
    ]);
    expect(loadedRows(windows, 2)).toEqual([
      { index: 0, row: 'a' },
      { index: 1, row: 'b' },
      { index: 4, row: 'e' },
    ]);
  });

  it('changes matching rows and puts them back', () => {
    const windows = new Map([
      [0, [1, 2]],
      [1, [3, 4]],
    ]);
    const undo = changeRows(
      windows,
      (n) => n % 2 === 0,
      (n) => n * 10,
    );
    expect([...windows.values()]).toEqual([
      [1, 20],
      [3, 40],
    ]);
    undo();
    expect([...windows.values()]).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
