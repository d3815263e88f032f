/** A desktop notification for new INBOX mail, when the user turned them on and allowed them. */
import type { MessageSummary } from '@/lib/mail/types';
import { folderHref } from '../folder-path';
import { newMailNotificationsOn } from '../preferences';

/** Brings this tab forward with the message open in the INBOX. */
function openInInbox(uid: number) {
  window.focus();
  const inbox = folderHref('INBOX');
  const target = `${inbox}?m=${uid}`;
  // The open message lives in the address; the INBOX page follows it without a reload.
  if (window.location.pathname === inbox) window.history.pushState(null, '', target);
  // Another folder is open, and this runs outside React, where the router is not at hand.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  else window.location.assign(target);
}

export function notifyNewMail(summary: MessageSummary): void {
  // Mail read elsewhere before it reached the INBOX (moved there, or sent to oneself) is no news.
  if (summary.flags.includes('\\Seen')) return;
  if (!newMailNotificationsOn() || typeof Notification === 'undefined') return;
  if (Notification.permission !== 'granted') return;
  const from = summary.from[0];
  try {
    // Title and body are plain text to the browser; the tag keeps one notice per message.
    const notice = new Notification(from ? from.name || from.address : 'New mail', {
      body: summary.subject || '(no subject)',
      tag: `tern-inbox-${summary.uid}`,
    });
    notice.onclick = () => {
      notice.close();
      openInInbox(summary.uid);
    };
  } catch {
    // Some mobile browsers show notifications only through a service worker: none then.
  }
}
