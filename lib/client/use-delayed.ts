'use client';

import { useEffect, useState } from 'react';

/**
 * True once `on` has stayed true for `ms`: progress is shown for slow work only, never as a
 * flash on a fast answer.
 */
export function useDelayed(on: boolean, ms: number): boolean {
  const [late, setLate] = useState(false);
  useEffect(() => {
    if (!on) return;
    const timer = setTimeout(() => setLate(true), ms);
    return () => {
      clearTimeout(timer);
      setLate(false);
    };
  }, [on, ms]);
  return on && late;
}
