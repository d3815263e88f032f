'use client';

import { useState } from 'react';
import { useMailEvents } from './use-mail-events';

/**
 * What live events say of the open message: its flags as changed since it was fetched, whether
 * it has left the folder, and how often the folder's UIDs were voided (fetch it again then).
 */
export function useLiveMessage(folder: string, uid: number) {
  const [flags, setFlags] = useState<string[]>();
  const [gone, setGone] = useState(false);
  const [resets, setResets] = useState(0);
  useMailEvents(folder, (event) => {
    if (event.type === 'message.flags' && event.folder === folder && event.uid === uid)
      setFlags(event.flags);
    else if (event.type === 'message.expunged' && event.folder === folder)
      setGone((was) => was || event.uids.includes(uid));
    else if (event.type === 'folder.reset' && event.path === folder) {
      setFlags(undefined);
      setGone(false);
      setResets((r) => r + 1);
    }
  });
  return { flags, gone, resets };
}
