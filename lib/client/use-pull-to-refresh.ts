'use client';

/**
 * Pull to refresh for a scrolling list on touch screens: a downward drag that starts with the
 * list at its top, released past the threshold, refreshes. Touch events, not pointer events:
 * the browser takes over vertical pans (touch-action: pan-y) and cancels the pointer.
 */
import { useRef, useState, type RefObject, type TouchEvent } from 'react';

/** How far the indicator travels (half the finger's travel) before letting go refreshes. */
export const pullThreshold = 56;
const maxPull = 88;

export function usePullToRefresh(scroller: RefObject<HTMLElement | null>, onRefresh: () => void) {
  const start = useRef<number | undefined>(undefined);
  const pulled = useRef(0);
  const [pull, setPull] = useState(0);

  function reset() {
    start.current = undefined;
    pulled.current = 0;
    setPull(0);
  }

  const handlers = {
    onTouchStart(event: TouchEvent) {
      const touch = event.touches[0];
      if (event.touches.length !== 1 || !touch || (scroller.current?.scrollTop ?? 1) > 0) return;
      start.current = touch.clientY;
    },
    onTouchMove(event: TouchEvent) {
      const touch = event.touches[0];
      if (start.current === undefined || !touch) return;
      const distance = touch.clientY - start.current;
      if (distance < 0 || (scroller.current?.scrollTop ?? 0) > 0) return reset();
      pulled.current = Math.min(distance / 2, maxPull);
      setPull(pulled.current);
    },
    onTouchEnd() {
      if (pulled.current >= pullThreshold) onRefresh();
      reset();
    },
    onTouchCancel: reset,
  };
  return { pull, ready: pull >= pullThreshold, handlers };
}
