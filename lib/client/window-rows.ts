/**
 * Rows loaded in fixed-size windows (the message list's, a search's), as the lists read and
 * change them. Pure: the hooks keep the map and re-render.
 */

/** The loaded rows in list order, with their indexes. */
export function loadedRows<Row>(
  windows: ReadonlyMap<number, Row[]>,
  size: number,
): Array<{ index: number; row: Row }> {
  const rows: Array<{ index: number; row: Row }> = [];
  for (const [windowIndex, windowRows] of [...windows].sort((a, b) => a[0] - b[0]))
    windowRows.forEach((row, i) => rows.push({ index: windowIndex * size + i, row }));
  return rows;
}

/** Changes the matching rows in place; answers how to put them back (an optimistic update). */
export function changeRows<Row>(
  windows: Map<number, Row[]>,
  matches: (row: Row) => boolean,
  change: (row: Row) => Row,
): () => void {
  const before = new Map<number, Row[]>();
  for (const [index, rows] of windows) {
    if (!rows.some(matches)) continue;
    before.set(index, rows);
    windows.set(
      index,
      rows.map((row) => (matches(row) ? change(row) : row)),
    );
  }
  return () => {
    for (const [index, rows] of before) windows.set(index, rows);
  };
}
