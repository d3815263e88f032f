'use client';

/**
 * What the message list does to messages. Flag changes show at once and are undone, with a
 * message, if the server refuses them; moves and deletes wait for the server (with progress),
 * then the list and the folder counts reload.
 */
import { useState } from 'react';
import type { Folder, MessageActionResult, MessageSummary } from '@/lib/mail/types';
import { changeFlags, deleteMessages, fetchFolders, transferMessages, type Selection } from './api';
import type { SelectionState } from './use-selection';

export type ListAction = 'read' | 'unread' | 'star' | 'unstar' | 'archive' | 'junk' | 'delete';

/** Actions that move messages to a special-use folder, and what the user calls that folder. */
const specialMoves = {
  archive: {
    use: 'archive',
    name: 'Archive',
    already: 'These messages are already in the archive.',
  },
  junk: { use: 'junk', name: 'Junk', already: 'These messages are already in Junk.' },
} as const;

const flagChanges: Record<'read' | 'unread' | 'star' | 'unstar', { flag: string; on: boolean }> = {
  read: { flag: '\\Seen', on: true },
  unread: { flag: '\\Seen', on: false },
  star: { flag: '\\Flagged', on: true },
  unstar: { flag: '\\Flagged', on: false },
};

interface Options<Row extends MessageSummary> {
  folder: string;
  folders: Folder[] | undefined;
  updateRows: (matches: (row: Row) => boolean, change: (row: Row) => Row) => () => void;
  /** After a move or delete: reload the list and counts, and tell the user what happened. */
  onMoved: (notice: string, undo?: Undo) => void;
}

/** How to put moved messages back where they were. */
export interface Undo {
  from: string;
  uids: number[];
  to: string;
}

function plural(count: number): string {
  return `${count.toLocaleString()} message${count === 1 ? '' : 's'}`;
}

/** Rows of search results carry their folder; a folder's own list's rows are all in it. */
function rowIsIn(row: MessageSummary & { folder?: string }, folder: string): boolean {
  return row.folder === undefined || row.folder === folder;
}

export function useListActions<Row extends MessageSummary & { folder?: string }>({
  folder,
  folders,
  updateRows,
  onMoved,
}: Options<Row>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  /** Archive or Trash, asking the server when the folder list has not arrived yet. */
  async function specialFolder(use: Folder['specialUse']): Promise<Folder | undefined> {
    const known: Folder[] =
      folders ?? (await fetchFolders().then((r) => (r.ok ? r.value.folders : [])));
    return known.find((f) => f.specialUse === use);
  }

  async function flags(
    action: keyof typeof flagChanges,
    selection: SelectionState | { uids: number[] },
    folder: string,
  ) {
    const { flag, on } = flagChanges[action];
    const all = 'all' in selection && selection.all;
    const uids = new Set(selection.uids);
    const undo = updateRows(
      (row) => rowIsIn(row, folder) && (all || uids.has(row.uid)),
      (row) => ({
        ...row,
        flags: on ? [...new Set([...row.flags, flag])] : row.flags.filter((f) => f !== flag),
      }),
    );
    const payload: Selection = all ? { all: true } : { uids: [...uids] };
    const result = await changeFlags(folder, payload, on ? { add: [flag] } : { remove: [flag] });
    if (!result.ok) {
      undo();
      setProblem(`Not changed: ${result.message}`);
    }
  }

  async function move(selection: SelectionState, to: string, label: string, folder: string) {
    setBusy(true);
    setProblem(undefined);
    const payload: Selection = selection.all ? { all: true } : { uids: [...selection.uids] };
    const result = await transferMessages(folder, payload, to);
    setBusy(false);
    if (!result.ok) return setProblem(`Not moved: ${result.message}`);
    onMoved(`${plural(result.value.affected)} moved to ${label}.`, undoOf(result.value, folder));
  }

  async function remove(selection: SelectionState, folder: string) {
    const trash = await specialFolder('trash');
    if (selection.all) {
      if (!trash || trash.path === folder)
        return setProblem('Choose the messages to delete for good; a whole folder cannot be.');
      return move(selection, trash.path, 'Trash', folder);
    }
    setBusy(true);
    setProblem(undefined);
    const result = await deleteMessages(folder, [...selection.uids]);
    setBusy(false);
    if (!result.ok) return setProblem(`Not deleted: ${result.message}`);
    const where = trash && trash.path !== folder ? 'moved to Trash' : 'deleted for good';
    onMoved(`${plural(result.value.affected)} ${where}.`, undoOf(result.value, folder));
  }

  function undoOf(result: MessageActionResult, folder: string): Undo | undefined {
    const moved = result.destination;
    return moved ? { from: moved.folder, uids: moved.uids, to: folder } : undefined;
  }

  async function run(action: ListAction, selection: SelectionState, folder: string) {
    if (!selection.all && selection.uids.size === 0) return;
    if (action === 'archive' || action === 'junk') {
      const { use, name, already } = specialMoves[action];
      const target = await specialFolder(use);
      if (!target) return setProblem(`There is no ${name} folder on this server.`);
      if (target.path === folder) return setProblem(already);
      return move(selection, target.path, name, folder);
    }
    if (action === 'delete') return remove(selection, folder);
    return flags(action, selection, folder);
  }

  return {
    busy,
    problem,
    dismiss: () => setProblem(undefined),
    /** `from`: the messages' folder when rows come from many (search results). */
    run: (action: ListAction, selection: SelectionState, from = folder) =>
      void run(action, selection, from),
    /** The same, for callers that wait for one action before the next. */
    runNow: (action: ListAction, selection: SelectionState, from = folder) =>
      run(action, selection, from),
    moveTo: (selection: SelectionState, to: string, from = folder) =>
      void move(selection, to, to === 'INBOX' ? 'Inbox' : to, from),
    moveNow: (selection: SelectionState, to: string, from = folder) =>
      move(selection, to, to === 'INBOX' ? 'Inbox' : to, from),
    toggleStar: (row: Row) =>
      void flags(
        row.flags.includes('\\Flagged') ? 'unstar' : 'star',
        { uids: [row.uid] },
        row.folder ?? folder,
      ),
  };
}
