'use client';

import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

const keyStep = 16;

/**
 * The draggable edge between two panes (wide screens only), also moved with the arrow keys.
 * It reports the width of the pane on its left.
 */
export function PaneResizer({
  label,
  width,
  min,
  max,
  onResize,
}: {
  label: string;
  width: number;
  min: number;
  max: number;
  onResize: (width: number) => void;
}) {
  const drag = useRef<{ x: number; width: number } | undefined>(undefined);
  const clamp = (value: number) => Math.round(Math.max(min, Math.min(max, value)));

  function down(event: PointerEvent<HTMLDivElement>) {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { x: event.clientX, width };
  }
  function move(event: PointerEvent) {
    if (drag.current) onResize(clamp(drag.current.width + event.clientX - drag.current.x));
  }
  function key(event: KeyboardEvent) {
    const next =
      event.key === 'ArrowLeft'
        ? width - keyStep
        : event.key === 'ArrowRight'
          ? width + keyStep
          : event.key === 'Home'
            ? min
            : event.key === 'End'
              ? max
              : undefined;
    if (next === undefined) return;
    event.preventDefault();
    onResize(clamp(next));
  }

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
      onKeyDown={key}
      className="relative hidden w-px shrink-0 cursor-col-resize touch-none bg-line hover:bg-accent focus-visible:bg-accent sm:block print:hidden"
    >
      {/* A wider invisible grip than the visible line. */}
      <span aria-hidden className="absolute inset-y-0 -right-1 -left-1 z-10" />
    </div>
  );
}
