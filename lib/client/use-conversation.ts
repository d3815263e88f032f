'use client';

/** The other messages of the open message's conversation; empty until known or on failure. */
import { useEffect, useState } from 'react';
import type { MessageSummary } from '@/lib/mail/types';
import { fetchConversation } from './api';

export function useConversation(folder: string, uid: number): MessageSummary[] {
  const [state, setState] = useState<{ key: string; messages: MessageSummary[] }>();
  const key = `${folder}\u0000${uid}`;
  useEffect(() => {
    const controller = new AbortController();
    fetchConversation(folder, uid, controller.signal).then(
      // A conversation is a convenience: if it cannot be loaded, the message alone shows.
      (result) => setState({ key, messages: result.ok ? result.value.messages : [] }),
      () => {},
    );
    return () => controller.abort();
  }, [folder, uid, key]);
  return state?.key === key ? state.messages : [];
}
