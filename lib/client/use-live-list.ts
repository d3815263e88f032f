'use client';

import { useRef } from 'react';
import type { MessageListParams } from './api';
import { insertNewest, removeUids, type ListEdit } from './message-window-edits';
import { resyncs } from './live/events';
import { useMailEvents } from './use-mail-events';
import { windowSize, type MessageWindows } from './use-message-windows';

/**
 * Keeps a message list current with live events. In the default order (newest first, every
 * message) new and expunged mail is edited into the loaded rows; other orders and filters ask
 * for the windows on screen again. `onMoved` hears how rows moved, to keep the user's place.
 */
export function useLiveList({
  folder,
  params,
  windows,
  onGone,
  onMoved,
}: {
  folder: string;
  params: MessageListParams;
  windows: MessageWindows;
  /** Messages expunged from this folder (each UID once). */
  onGone: (uids: number[]) => void;
  onMoved: (edit: ListEdit) => void;
}): void {
  const inPlace = params.sort === 'arrival' && params.order === 'desc' && params.filter === 'all';
  /** UIDs already taken out: events repeat after a reconnect, and a gap would count one twice. */
  const expunged = useRef(new Set<number>());

  function moved(edit: ListEdit | undefined) {
    if (edit && edit.change !== 0) onMoved(edit);
  }

  useMailEvents(folder, (event) => {
    switch (event.type) {
      case 'message.new':
        // Replayed after a reconnect, a message may come again after it was taken out.
        if (event.folder !== folder || expunged.current.has(event.summary.uid)) return;
        if (!inPlace) return windows.refetch();
        return moved(
          windows.edit((rows, total) => insertNewest(rows, total, [event.summary], windowSize)),
        );
      case 'message.expunged': {
        if (event.folder !== folder) return;
        const uids = event.uids.filter((uid) => !expunged.current.has(uid));
        if (uids.length === 0) return;
        for (const uid of uids) expunged.current.add(uid);
        onGone(uids);
        if (!inPlace) return windows.refetch();
        const edit = windows.edit((rows, total) => removeUids(rows, total, uids, windowSize));
        moved(edit);
        if (edit?.inferred) windows.refetch();
        return;
      }
      case 'message.flags':
        if (event.folder !== folder) return;
        windows.updateRows(
          (row) => row.uid === event.uid,
          (row) => ({ ...row, flags: event.flags }),
        );
        return;
      case 'folder.counts': {
        // A watched folder's counts follow its message events, which already set the length.
        // Another device's tab may have the watch beside the INBOX (the server keeps one):
        // then the counts are the only news of this folder, and a new length means fetch again.
        const total = windows.totalNow();
        if (event.path === folder && inPlace && total !== undefined && event.total !== total)
          windows.refetch();
        return;
      }
      case 'resync':
        if (resyncs(event, folder)) windows.refetch();
        return;
      case 'folder.state':
        if (event.path === folder) windows.syncTo(event.version);
        return;
    }
  });
}
