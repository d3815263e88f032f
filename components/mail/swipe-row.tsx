'use client';

import { Archive, Trash2 } from 'lucide-react';
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';

/** How far a finger must travel sideways before letting go archives or deletes the row. */
const threshold = 96;

/**
 * A row that follows a finger sideways: to the right archives, to the left deletes. Only touch
 * and pen drags count, so a mouse selects text as usual; vertical moves scroll the list.
 */
export function SwipeRow({
  children,
  onSwipe,
}: {
  children: ReactNode;
  onSwipe: (direction: 'archive' | 'delete') => void;
}) {
  const start = useRef<{ x: number; y: number } | undefined>(undefined);
  // The distance is read when the finger lifts, before React may have re-rendered: keep a ref.
  const distance = useRef(0);
  const [dx, setDx] = useState(0);

  function down(event: PointerEvent) {
    if (event.pointerType === 'mouse') return;
    start.current = { x: event.clientX, y: event.clientY };
  }
  function move(event: PointerEvent) {
    if (!start.current) return;
    const x = event.clientX - start.current.x;
    const y = event.clientY - start.current.y;
    if (Math.abs(y) > 24 && Math.abs(x) < 16) return end();
    distance.current = x;
    setDx(x);
  }
  function up() {
    if (distance.current > threshold) onSwipe('archive');
    else if (distance.current < -threshold) onSwipe('delete');
    end();
  }
  function end() {
    start.current = undefined;
    distance.current = 0;
    setDx(0);
  }

  const revealing = dx > 0 ? 'archive' : dx < 0 ? 'delete' : undefined;
  return (
    <div
      className="relative h-full touch-pan-y overflow-hidden"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={end}
    >
      {revealing && (
        <div
          aria-hidden
          className={`absolute inset-0 flex items-center px-5 text-white ${
            revealing === 'archive' ? 'justify-start bg-ok' : 'justify-end bg-bad'
          }`}
        >
          {revealing === 'archive' ? <Archive className="size-5" /> : <Trash2 className="size-5" />}
        </div>
      )}
      <div
        className={`relative h-full ${dx ? 'bg-canvas' : ''}`}
        style={dx ? { transform: `translateX(${dx}px)` } : undefined}
      >
        {children}
      </div>
    </div>
  );
}
