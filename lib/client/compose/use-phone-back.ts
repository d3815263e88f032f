'use client';

import { useEffect, useEffectEvent } from 'react';

/** Is the page's current history entry the one the composer for this compose pushed? */
export function isComposerEntry(composeId: string): boolean {
  const state: unknown = window.history.state;
  return (state as { ternCompose?: string } | null)?.ternCompose === composeId;
}

/**
 * A phone shows the composer full screen, with a history entry of its own, so that Back closes
 * it (the caller keeps the draft) instead of leaving the page under it.
 */
export function usePhoneBack(
  enabled: boolean,
  composeId: string | undefined,
  onBack: (composeId: string) => void,
): void {
  const back = useEffectEvent((id: string) => {
    if (!isComposerEntry(id)) onBack(id);
  });
  useEffect(() => {
    if (!enabled || composeId === undefined) return;
    if (!isComposerEntry(composeId))
      window.history.pushState({ ternCompose: composeId }, '', window.location.href);
    const listener = () => back(composeId);
    window.addEventListener('popstate', listener);
    return () => window.removeEventListener('popstate', listener);
  }, [enabled, composeId]);
}
