'use client';

/**
 * Single-key shortcuts for the whole page, as in Gmail: they act wherever the focus is, except
 * while the user types (inputs, text areas, selects, editable content), is in the composer or a
 * dialog is open, and
 * never with Ctrl, Alt or Meta, so the browser's own shortcuts keep working.
 */
import { useEffect, useEffectEvent } from 'react';

/** Inputs whose keys are not text: shortcuts still work while one of them has the focus. */
const keylessInputs = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'color']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('dialog[open], [data-composer]')) return true;
  if (target instanceof HTMLInputElement) return !keylessInputs.has(target.type);
  return target.isContentEditable || target.closest('textarea, select') !== null;
}

/** `onKey` returns true when it used the key, so the browser does not act on it as well. */
export function useKeyboardShortcuts(onKey: (event: KeyboardEvent) => boolean): void {
  const handle = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (isTyping(event.target)) return;
    if (onKey(event)) event.preventDefault();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => handle(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
