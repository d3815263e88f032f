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

const noSenders: string[] = [];
const parseSenders = (raw: string) => {
  const value: unknown = JSON.parse(raw);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
};

/** Senders whose messages show remote content at once (addresses, lower case). */
export function useTrustedSenders() {
  const [senders, setSenders] = useStoredValue(
    'tern.remoteContent.senders',
    noSenders,
    parseSenders,
  );
  return {
    trusts: (address: string | undefined) =>
      address !== undefined && senders.includes(address.toLowerCase()),
    trust: (address: string) => setSenders([...new Set([...senders, address.toLowerCase()])]),
  };
}
