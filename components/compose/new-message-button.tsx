'use client';

import { PenLine } from 'lucide-react';
import { useCompose } from './compose-provider';

/**
 * "New message": at the top of the folder column on wide screens, a round button over the list
 * on a phone.
 */
export function NewMessageButton({ floating = false }: { floating?: boolean }) {
  const compose = useCompose();
  if (!compose) return null;
  if (floating)
    return (
      <button
        type="button"
        onClick={compose.newMessage}
        title="New message"
        className="fixed right-4 bottom-4 z-20 flex size-14 items-center justify-center rounded-full bg-accent text-accent-ink shadow-lg sm:hidden print:hidden"
      >
        <PenLine aria-hidden className="size-6" />
        <span className="sr-only">New message</span>
      </button>
    );
  return (
    <button
      type="button"
      onClick={compose.newMessage}
      className="mx-3 mt-3 flex min-h-11 items-center justify-center gap-2 rounded-md bg-accent px-4 text-sm font-medium text-accent-ink max-sm:hidden"
    >
      <PenLine aria-hidden className="size-4" /> New message
    </button>
  );
}
