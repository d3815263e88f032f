'use client';

/** One message opened for reading, loaded when the open message changes. */
import { useEffect, useState } from 'react';
import type { MessageView } from '@/lib/mail/types';
import { fetchMessage, type MessageReadOptions } from './api';

export type MessageState =
  | { status: 'loading' }
  | {
      status: 'ready';
      message: MessageView;
      /** The same message is being asked for again (all of it, or with remote content). */
      reloading?: boolean;
      /** Asking again failed: why. The message shown is the one from before. */
      reloadProblem?: string;
    }
  | { status: 'failed'; problem: string };

/**
 * `options` ask for remote images through Tern's proxy or for whole bodies; `attempt` changes to
 * try again. While the same message is asked for again, the version already shown stays.
 */
export function useMessage(
  folder: string,
  uid: number,
  { remote = false, full = false }: MessageReadOptions,
  attempt: number,
): MessageState {
  const [state, setState] = useState<{ key: string; value: MessageState }>();
  const [shown, setShown] = useState<{ id: string; message: MessageView }>();
  const id = `${folder}\u0000${uid}`;
  const key = `${id}\u0000${remote}\u0000${full}\u0000${attempt}`;

  useEffect(() => {
    const controller = new AbortController();
    fetchMessage(folder, uid, { remote, full }, controller.signal).then(
      (result) => {
        if (result.ok) setShown({ id, message: result.value });
        setState({
          key,
          value: result.ok
            ? { status: 'ready', message: result.value }
            : { status: 'failed', problem: result.message },
        });
      },
      () => {}, // aborted: another message was opened
    );
    return () => controller.abort();
  }, [folder, uid, remote, full, id, key]);

  const before = shown?.id === id ? shown.message : undefined;
  const current = state?.key === key ? state.value : undefined;
  if (current?.status === 'failed' && before)
    return { status: 'ready', message: before, reloadProblem: current.problem };
  if (current) return current;
  // Until this message's answer arrives, whatever was shown before is not it.
  return before ? { status: 'ready', message: before, reloading: true } : { status: 'loading' };
}
