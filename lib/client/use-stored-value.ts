'use client';

/**
 * A small preference kept in this browser's localStorage (pane widths, collapsed folders), read
 * through useSyncExternalStore so the server render and the first client render agree and every
 * component using the same key sees a change at once.
 */
import { useCallback, useMemo, useSyncExternalStore } from 'react';

const changed = 'tern:stored-value';
/** Values for this page when the browser refuses storage, so preferences still work until reload. */
const unsaved = new Map<string, string>();

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(changed, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(changed, onChange);
  };
}

/** The raw stored text of a preference, for code outside React (null when unset or unreadable). */
export function readStored(key: string): string | null {
  try {
    return unsaved.get(key) ?? localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function useStoredValue<T>(
  key: string,
  fallback: T,
  parse: (raw: string) => T | undefined,
): [T, (value: T) => void] {
  const raw = useSyncExternalStore(
    subscribe,
    () => readStored(key),
    () => null,
  );
  const value = useMemo(() => {
    if (raw === null) return fallback;
    try {
      return parse(raw) ?? fallback;
    } catch {
      return fallback;
    }
  }, [raw, fallback, parse]);
  const store = useCallback(
    (next: T) => {
      const text = JSON.stringify(next);
      try {
        localStorage.setItem(key, text);
        unsaved.delete(key);
      } catch {
        unsaved.set(key, text); // full or disabled storage: kept for this page only
      }
      window.dispatchEvent(new Event(changed));
    },
    [key],
  );
  return [value, store];
}
