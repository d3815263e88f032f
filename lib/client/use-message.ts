'use client';

/** One message opened for reading, loaded when the open message changes. */
import { useEffect, useState } from 'react';
import type { MessageView } from '@/lib/mail/types';
import { fetchMessage } from './api';

export type MessageState =
  | { status: 'loading' }
  | { status: 'ready'; message: MessageView }
  | { status: 'failed'; problem: string };

/** `remote` asks for remote images through Tern's proxy; `attempt` changes to try again. */
export function useMessage(
  folder: string,
  uid: number,
  remote: boolean,
  attempt: number,
): MessageState {
  const [state, setState] = useState<{ key: string; value: MessageState }>();
  const key = `${folder}\u0000${uid}\u0000${remote}\u0000${attempt}`;

  useEffect(() => {
    const controller = new AbortController();
    fetchMessage(folder, uid, { remote }, controller.signal).then(
      (result) =>
        setState({
          key,
          value: result.ok
            ? { status: 'ready', message: result.value }
            : { status: 'failed', problem: result.message },
        }),
      () => {}, // aborted: another message was opened
    );
    return () => controller.abort();
  }, [folder, uid, remote, key]);

  // Until this message's answer arrives, whatever was shown before is not it.
  return state?.key === key ? state.value : { status: 'loading' };
}
