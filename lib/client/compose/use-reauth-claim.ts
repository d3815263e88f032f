'use client';

import { useEffect, useEffectEvent, useState } from 'react';
import { claimSessionEnd } from '../session-ended';

/** What the user chose in the password dialog. */
export type ReauthAnswer = 'signed_in' | 'not_now' | 'leave';

/**
 * While the page holds words not yet safe on the server, a session that ends asks for the
 * password here (the dialog this answers) instead of leaving for the login page.
 */
export function useReauthClaim(
  holding: boolean,
  leave: () => void,
): { answer: (answer: ReauthAnswer) => void } | undefined {
  const [asking, setAsking] = useState<{ answer: (answer: ReauthAnswer) => void }>();
  const onLeave = useEffectEvent(leave);
  useEffect(() => {
    if (!holding) return;
    claimSessionEnd(
      () =>
        new Promise<boolean>((resolve) =>
          setAsking({
            answer(answer) {
              setAsking(undefined);
              resolve(answer === 'signed_in');
              if (answer === 'leave') onLeave();
            },
          }),
        ),
    );
    return () => claimSessionEnd(undefined);
  }, [holding]);
  return asking;
}
