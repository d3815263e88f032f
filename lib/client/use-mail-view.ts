'use client';

/**
 * What the mailbox shows, kept in the address (mail-url.ts): the search, and the open message.
 * Opening a message from a list adds a history entry, so Back on a phone returns to the list;
 * each new search adds one too, so Back returns to the search before it, or to the folder.
 */
import { usePathname, useSearchParams } from 'next/navigation';
import { useRef } from 'react';
import { mailUrl, mailViewOf } from './mail-url';

export function useMailView(folder: string) {
  const pathname = usePathname();
  const view = mailViewOf(new URLSearchParams(useSearchParams().toString()));
  const q = view.q ?? null;
  const openUid = view.m;
  const openFolder = view.f ?? folder;
  const pushedOpen = useRef(false);

  function openMessage(uid: number, inFolder: string = openFolder) {
    const url = mailUrl(pathname, { q, m: uid, f: inFolder === folder ? undefined : inFolder });
    if (openUid === undefined) {
      window.history.pushState(null, '', url);
      pushedOpen.current = true;
    } else window.history.replaceState(null, '', url);
  }

  function closeMessage() {
    if (pushedOpen.current) window.history.back();
    else window.history.replaceState(null, '', mailUrl(pathname, { q }));
    pushedOpen.current = false;
  }

  /** Shows this search (null: the folder); answers false when it is already what is shown. */
  function search(text: string | null): boolean {
    if (text === q && openUid === undefined) return false;
    window.history.pushState(null, '', mailUrl(pathname, { q: text }));
    pushedOpen.current = false;
    return true;
  }

  return { q, openUid, openFolder, openMessage, closeMessage, search };
}
