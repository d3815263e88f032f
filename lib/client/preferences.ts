'use client';

/** Reading preferences kept in this browser (a server-side settings store comes later). */
import { useStoredValue } from './use-stored-value';

export const markReadModes = ['open', 'delay', 'never'] as const;
export type MarkReadMode = (typeof markReadModes)[number];
/** How long a message stays open before "after a few seconds" marks it read. */
export const markReadDelayMs = 3000;

const parseMode = (raw: string) => markReadModes.find((m) => m === JSON.parse(raw));

export function useMarkReadMode() {
  return useStoredValue<MarkReadMode>('tern.markRead', 'open', parseMode);
}
