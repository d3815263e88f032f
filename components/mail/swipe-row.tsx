'use client';

import { Archive, Trash2 } from 'lucide-react';
import { useRef, useState, type MouseEvent, type PointerEvent, type ReactNode } from 'react';

/** How far a finger must travel sideways before letting go archives or deletes the row. */
const threshold = 96;
/** How long a finger rests on a row, without moving, to start choosing messages. */
const longPressMs = 500;
const stillness = 10;

/**
 * A row that follows a finger sideways: to the right archives, to the left deletes; a finger
 * resting on it starts selecting. Only touch and pen count, so a mouse drags rows as usual;
 * vertical moves scroll the list.
 */
export function SwipeRow({
  children,
  onSwipe,
  onLongPress,
}: {
  children: ReactNode;
  onSwipe: (direction: 'archive' | 'delete') => void;
  onLongPress: () => void;
}) {
  const start = useRef<{ x: number; y: number } | undefined>(undefined);
  // The distance is read when the finger lifts, before React may have re-rendered: keep a ref.
  const distance = useRef(0);
  const pressTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The click that follows a long press must not also act on the row. */
  const swallowClick = useRef(false);
  const [dx, setDx] = useState(0);

  function down(event: PointerEvent) {
    if (event.pointerType === 'mouse') return;
    start.current = { x: event.clientX, y: event.clientY };
    swallowClick.current = false;
    pressTimer.current = setTimeout(() => {
      swallowClick.current = true;
      start.current = undefined;
      onLongPress();
    }, longPressMs);
  }
  function move(event: PointerEvent) {
    if (!start.current) return;
    const x = event.clientX - start.current.x;
    const y = event.clientY - start.current.y;
    if (Math.abs(x) > stillness || Math.abs(y) > stillness) clearTimeout(pressTimer.current);
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
    clearTimeout(pressTimer.current);
    start.current = undefined;
    distance.current = 0;
    setDx(0);
  }
  function click(event: MouseEvent) {
    if (!swallowClick.current) return;
    swallowClick.current = false;
    event.stopPropagation();
    event.preventDefault();
  }

  const revealing = dx > 0 ? 'archive' : dx < 0 ? 'delete' : undefined;
  return (
    <div
      className="relative h-full touch-pan-y overflow-hidden select-none [-webkit-touch-callout:none]"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={end}
      onClickCapture={click}
      // A resting finger opens the browser's menu too; choosing messages replaces it here.
      onContextMenu={(event) => (start.current || swallowClick.current) && event.preventDefault()}
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
