'use client';

import { useEffect } from 'react';
import { fetchSession } from '@/lib/client/api';
import { sessionEnded } from '@/lib/client/session-ended';

const beatMs = 60_000;
const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The idle timeout rolls with API requests, and a page view alone makes none. While the user
 * is active in a visible tab this checks the session once a minute, which keeps it alive; when it
 * has ended (idle, revoked, expired) the user goes to the login page and comes back here after,
 * unless a composer holds content: then the password is asked for in place (session-ended.ts).
 */
export function SessionKeeper() {
  useEffect(() => {
    const controller = new AbortController();
    let active = true; // loading the page counts as activity
    const check = async () => {
      const result = await fetchSession(controller.signal).catch(() => undefined);
      if (result && !result.ok && result.status === 401) void sessionEnded();
    };
    const beat = () => {
      if (!active || document.visibilityState !== 'visible') return;
      active = false;
      void check();
    };
    const markActive = () => {
      active = true;
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void check();
    };
    for (const type of activity) window.addEventListener(type, markActive, { passive: true });
    document.addEventListener('visibilitychange', onVisible);
    const timer = setInterval(beat, beatMs);
    beat();
    return () => {
      controller.abort();
      clearInterval(timer);
      for (const type of activity) window.removeEventListener(type, markActive);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);
  return null;
}
