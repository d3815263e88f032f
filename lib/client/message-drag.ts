'use client';

/**
 * Dragging messages from the list onto a folder. The list keeps what is being dragged (a
 * selection may be "all 100,000", which no drag payload should carry); the drag itself only
 * marks itself with Tern's type, so folders accept drops of messages and nothing else.
 */
import type { DragEvent } from 'react';

const messageDragType = 'application/x-tern-messages';

export function startMessageDrag(event: DragEvent, label: string): void {
  const transfer = event.dataTransfer;
  transfer.effectAllowed = 'move';
  transfer.setData(messageDragType, label);
  transfer.setData('text/plain', label);
  // A small badge under the pointer instead of a picture of the whole row.
  const badge = document.createElement('div');
  badge.textContent = label;
  badge.className =
    'fixed -top-96 left-0 rounded-full bg-accent px-3 py-1 text-sm font-medium text-accent-ink';
  document.body.append(badge);
  transfer.setDragImage(badge, 16, 16);
  setTimeout(() => badge.remove());
}

export function isMessageDrag(event: DragEvent): boolean {
  return event.dataTransfer.types.includes(messageDragType);
}
