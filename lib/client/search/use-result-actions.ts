'use client';

/**
 * Choosing search results and acting on them. Results span folders, so the chosen ones are kept
 * by their place in the results (which never move: results are not edited live), and an action
 * runs once per folder, one folder after the other, with one notice for them all.
 */
import { useRef } from 'react';
import type { Folder, SearchHit } from '@/lib/mail/types';
import { useListActions, type ListAction, type Undo } from '../use-list-actions';
import { useSelection, type SelectionState } from '../use-selection';
import type { SearchResults } from './use-search-results';

interface Moved {
  notice: string;
  undo?: Undo;
}

/** "3 messages moved to Archive." from notices that each start with their own count. */
export function combinedNotice(moved: readonly Moved[]): string {
  const bySuffix = new Map<string, number>();
  for (const { notice } of moved) {
    const match = /^([\d,.\s]+) messages? (.*)$/u.exec(notice);
    if (!match) {
      bySuffix.set(notice, 0);
      continue;
    }
    const count = Number(match[1]!.replace(/\D/g, ''));
    bySuffix.set(match[2]!, (bySuffix.get(match[2]!) ?? 0) + count);
  }
  return [...bySuffix]
    .map(([suffix, count]) =>
      count === 0 ? suffix : `${count.toLocaleString()} message${count === 1 ? '' : 's'} ${suffix}`,
    )
    .join(' ');
}

export function useResultActions({
  folder,
  folders,
  results,
  onMoved,
}: {
  folder: string;
  folders: Folder[] | undefined;
  results: SearchResults;
  onMoved: (notice: string, undo?: Undo) => void;
}) {
  const choice = useSelection();
  /** While one action runs over several folders, their notices are gathered here. */
  const gathering = useRef<Moved[] | undefined>(undefined);
  const actions = useListActions<SearchHit>({
    folder,
    folders,
    updateRows: results.updateRows,
    onMoved: (notice, undo) => {
      if (gathering.current) gathering.current.push({ notice, undo });
      else onMoved(notice, undo);
    },
  });

  /** The chosen results' UIDs by folder, or the result at `cursor` when none are chosen. */
  function targets(cursor: number): Map<string, number[]> {
    const indexes = choice.selection.uids.size > 0 ? [...choice.selection.uids] : [cursor];
    const byFolder = new Map<string, number[]>();
    for (const index of indexes) {
      const row = results.rowAt(index);
      if (row) byFolder.set(row.folder, [...(byFolder.get(row.folder) ?? []), row.uid]);
    }
    return byFolder;
  }

  /** Runs `each` for every folder with chosen results, gathering their notices into one. */
  async function perform(
    cursor: number,
    each: (from: string, chosen: SelectionState) => Promise<void>,
  ) {
    const groups = [...targets(cursor)];
    gathering.current = groups.length > 1 ? [] : undefined;
    try {
      for (const [from, uids] of groups) await each(from, { all: false, uids: new Set(uids) });
    } finally {
      const moved = gathering.current;
      gathering.current = undefined;
      // Several folders cannot be undone as one; each folder's own notice offers its Undo.
      if (moved?.length) onMoved(combinedNotice(moved));
    }
  }

  return {
    choice,
    actions,
    /** On the chosen results, or the one at `cursor` when none are chosen. */
    act: (action: ListAction, cursor: number) =>
      void perform(cursor, (from, chosen) => actions.runNow(action, chosen, from)),
    moveTo: (to: string, cursor: number) =>
      void perform(cursor, (from, chosen) => actions.moveNow(chosen, to, from)),
  };
}
