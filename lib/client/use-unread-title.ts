'use client';

import { useEffect } from 'react';

const countPrefix = /^\(\d+\) /;

/**
 * The INBOX's unread count in front of the tab's title, "(3) Inbox · Tern", whatever folder is
 * open; put back when Next sets the title again (it does on navigation).
 */
export function useUnreadTitle(unread: number | undefined): void {
  useEffect(() => {
    if (unread === undefined) return; // not known yet: leave the title as it is
    const apply = () => {
      const base = document.title.replace(countPrefix, '');
      const next = unread > 0 ? `(${unread}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [unread]);
}
