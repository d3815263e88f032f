'use client';

import { useCallback, useState } from 'react';

/** Chosen messages: some UIDs, or the whole folder ("all 100,000 selected"). */
export interface SelectionState {
  all: boolean;
  uids: ReadonlySet<number>;
}

const none: SelectionState = { all: false, uids: new Set() };

export function useSelection() {
  const [selection, setSelection] = useState<SelectionState>(none);
  const [anchor, setAnchor] = useState<number>();

  const isSelected = useCallback(
    (uid: number) => selection.all || selection.uids.has(uid),
    [selection],
  );

  /** Click or x: one message in or out; remembers it as the start of a shift range. */
  const toggle = useCallback((uid: number, index: number) => {
    setAnchor(index);
    setSelection((current) => {
      const uids = new Set(current.uids);
      if (uids.has(uid)) uids.delete(uid);
      else uids.add(uid);
      return { all: false, uids };
    });
  }, []);

  /** Shift-click: every loaded message between the last one clicked and this one. */
  const extendTo = useCallback(
    (index: number, uidsBetween: (from: number, to: number) => number[]) => {
      const from = anchor ?? index;
      const range = uidsBetween(Math.min(from, index), Math.max(from, index));
      setSelection((current) => ({ all: false, uids: new Set([...current.uids, ...range]) }));
    },
    [anchor],
  );

  /** Messages expunged elsewhere leave the selection; "all" stays all. */
  const forget = useCallback((gone: readonly number[]) => {
    setSelection((current) => {
      if (current.all || !gone.some((uid) => current.uids.has(uid))) return current;
      const uids = new Set(current.uids);
      for (const uid of gone) uids.delete(uid);
      return { all: false, uids };
    });
  }, []);

  /** Rows moved (live mail): the start of a shift range stays on its message. */
  const moveAnchor = useCallback((moveIndex: (index: number) => number) => {
    setAnchor((current) => (current === undefined ? current : moveIndex(current)));
  }, []);

  const selectAll = useCallback(() => setSelection({ all: true, uids: new Set() }), []);
  const clear = useCallback(() => {
    setSelection(none);
    setAnchor(undefined);
  }, []);

  return { selection, isSelected, toggle, extendTo, selectAll, clear, forget, moveAnchor };
}
