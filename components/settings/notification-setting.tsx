'use client';

import { useState } from 'react';
import { useNewMailNotifications } from '@/lib/client/preferences';

const blocked =
  'Notifications are blocked for Tern in this browser. Allow them in the site settings (the ' +
  'icon beside the address), then turn this on again.';

/**
 * Desktop notifications for new INBOX mail. Off until turned on here; the browser asks for
 * permission only then, as the answer to this click.
 */
export function NotificationSetting() {
  const [on, setOn] = useNewMailNotifications();
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function change(next: boolean) {
    setProblem(undefined);
    if (!next) return setOn(false);
    if (typeof Notification === 'undefined')
      return setProblem('This browser does not show notifications from web pages.');
    setAsking(true);
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    setAsking(false);
    if (permission === 'granted') setOn(true);
    else setProblem(blocked);
  }

  return (
    <fieldset className="mt-4">
      <legend className="text-sm font-semibold">New mail</legend>
      <label className="flex min-h-10 cursor-pointer items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={on}
          disabled={asking}
          onChange={(event) => void change(event.target.checked)}
          className="size-4 shrink-0 accent-accent"
        />
        Show a desktop notification when mail arrives in the Inbox
      </label>
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
