/**
 * Live changes to a message list held as windows of rows (newest first by arrival, every
 * message): new mail goes in at the top and expunged mail comes out, shifting the rows after it,
 * without asking the server again. Pure, so the index arithmetic is tested on its own.
 */
import type { MessageSummary } from '@/lib/mail/types';

/** Loaded rows by window index; a window holds rows index*size … index*size+size-1. */
export type WindowMap = ReadonlyMap<number, MessageSummary[]>;

export interface ListEdit {
  windows: Map<number, MessageSummary[]>;
  total: number;
  /** Rows added (positive) or taken away (negative); 0 when the event changed nothing. */
  change: number;
  /** Where the row that was at this index is now (for a removed row: the row that took its place). */
  moveIndex: (index: number) => number;
  /**
   * Removed messages that were not loaded, whose place was inferred. A list fetched after they
   * went (say, just after the user moved them) never had them, and its length is now too short:
   * ask the server when this is not 0.
   */
  inferred: number;
}

type Entry = { index: number; row: MessageSummary };

function entriesOf(windows: WindowMap, size: number): Entry[] {
  const entries: Entry[] = [];
  for (const [windowIndex, rows] of windows)
    rows.forEach((row, i) => entries.push({ index: windowIndex * size + i, row }));
  return entries.sort((a, b) => a.index - b.index);
}

/**
 * Back into windows after rows moved. A window whose rows are not all known any more (its edge
 * moved past rows never loaded) is left out, so it loads again when it comes into view.
 */
export function toWindows(
  entries: Entry[],
  total: number,
  size: number,
): Map<number, MessageSummary[]> {
  const windows = new Map<number, MessageSummary[]>();
  // An empty folder is a loaded window with no rows, so the list says "no messages".
  if (total === 0) return windows.set(0, []);
  const grouped = new Map<number, Map<number, MessageSummary>>();
  for (const { index, row } of entries) {
    if (index < 0 || index >= total) continue;
    const windowIndex = Math.floor(index / size);
    const group = grouped.get(windowIndex) ?? new Map<number, MessageSummary>();
    grouped.set(windowIndex, group.set(index, row));
  }
  for (const [windowIndex, group] of grouped) {
    const start = windowIndex * size;
    const length = Math.min(size, total - start);
    if (group.size !== length) continue;
    windows.set(
      windowIndex,
      Array.from({ length }, (_, i) => group.get(start + i)!),
    );
  }
  return windows;
}

/**
 * New messages at the top. Arrival order is UID order, so only a UID above the newest listed
 * one is new; anything else is a repeated event and is skipped. Undefined when the top of the
 * list is not loaded, so where the rows go is unknown: fetch the list again then.
 */
export function insertNewest(
  windows: WindowMap,
  total: number,
  arrivals: readonly MessageSummary[],
  size: number,
): ListEdit | undefined {
  const top = windows.get(0);
  if (!top || (top.length === 0 && total > 0)) return undefined;
  const newest = top[0]?.uid ?? 0;
  const fresh = [...new Map(arrivals.filter((m) => m.uid > newest).map((m) => [m.uid, m]))]
    .map(([, row]) => row)
    .sort((a, b) => b.uid - a.uid);
  const count = fresh.length;
  const moveIndex = (index: number) => index + count;
  if (count === 0) return { windows: new Map(windows), total, change: 0, moveIndex, inferred: 0 };
  const entries = [
    ...fresh.map((row, index) => ({ index, row })),
    ...entriesOf(windows, size).map(({ index, row }) => ({ index: moveIndex(index), row })),
  ];
  return {
    windows: toWindows(entries, total + count, size),
    total: total + count,
    change: count,
    moveIndex,
    inferred: 0,
  };
}

/** How many of the ascending numbers are below the value. */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Where an expunged UID was: its index when loaded; otherwise just below the loaded row with
 * the next larger UID (the list is UID-descending), or undefined when the loaded rows on both
 * sides of that place are neighbours, so it is not in the list (gone already, or never listed).
 */
function positionOf(uid: number, entries: Entry[], total: number): number | undefined {
  // The first entry with a smaller UID: entries run from the largest UID to the smallest.
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.row.uid > uid) low = middle + 1;
    else high = middle;
  }
  const at = entries[low];
  if (at?.row.uid === uid) return at.index;
  const above = low > 0 ? entries[low - 1]!.index : -1;
  const below = at ? at.index : total;
  return below - above > 1 ? above + 0.5 : undefined;
}

/**
 * Expunged messages out. Every row after a removed one moves up, whether the removed one was
 * loaded or not (a UID not loaded still sits between the loaded rows with larger and smaller
 * UIDs). Callers dedupe repeated events: a UID removed twice from a gap would count twice.
 */
export function removeUids(
  windows: WindowMap,
  total: number,
  uids: readonly number[],
  size: number,
): ListEdit {
  const entries = entriesOf(windows, size);
  const gone = new Set(uids);
  const positions = [...gone]
    .map((uid) => positionOf(uid, entries, total))
    .filter((p) => p !== undefined)
    .sort((a, b) => a - b);
  const moveIndex = (index: number) => index - countBelow(positions, index);
  if (positions.length === 0)
    return { windows: new Map(windows), total, change: 0, moveIndex, inferred: 0 };
  const kept = entries
    .filter(({ row }) => !gone.has(row.uid))
    .map(({ index, row }) => ({ index: moveIndex(index), row }));
  const left = Math.max(0, total - positions.length);
  return {
    windows: toWindows(kept, left, size),
    total: left,
    change: -positions.length,
    moveIndex,
    // Loaded places are whole numbers; inferred ones sit halfway between two rows.
    inferred: positions.filter((p) => !Number.isInteger(p)).length,
  };
}
