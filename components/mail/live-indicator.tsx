'use client';

import { CloudOff, LoaderCircle } from 'lucide-react';
import { useConnectionState } from '@/lib/client/use-mail-events';

const says = {
  reconnecting: {
    short: 'Reconnecting…',
    long: 'Live updates paused. Tern keeps trying; new mail shows once it is back.',
  },
  offline: { short: 'Offline.', long: 'New mail shows once your connection is back.' },
};

/**
 * Says when new mail may not show at once: the browser is offline, or the live connection is
 * being made again. Nothing while live. The status region stays in the page, so a change is
 * announced. On a phone it takes a line of its own under the header's buttons; on mid-sized
 * screens, beside them, the longer words are for screen readers only.
 */
export function LiveIndicator() {
  const state = useConnectionState();
  const text = state === 'live' ? undefined : says[state];
  return (
    <p
      role="status"
      aria-live="polite"
      className="order-last flex w-full items-center gap-1.5 text-sm text-bad empty:sr-only sm:order-none sm:w-auto sm:shrink-0"
    >
      {text && (
        <>
          {state === 'offline' ? (
            <CloudOff aria-hidden className="size-4 shrink-0" />
          ) : (
            <LoaderCircle aria-hidden className="size-4 shrink-0 animate-spin" />
          )}
          <span>{text.short}</span>
          <span className="max-sm:not-sr-only sr-only lg:not-sr-only">{text.long}</span>
        </>
      )}
    </p>
  );
}
