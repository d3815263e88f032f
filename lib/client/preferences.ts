'use client';

/** Reading preferences kept in this browser (a server-side settings store comes later). */
import { readStored, useStoredValue } from './use-stored-value';

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

const notifyKey = 'tern.notify.newMail';
const parseOn = (raw: string) => {
  const value: unknown = JSON.parse(raw);
  return typeof value === 'boolean' ? value : undefined;
};

/** Desktop notifications for new mail in the INBOX: off until the user turns them on. */
export function useNewMailNotifications() {
  return useStoredValue(notifyKey, false, parseOn);
}

/** The same preference, read when mail arrives (outside React). */
export function newMailNotificationsOn(): boolean {
  const raw = readStored(notifyKey);
  try {
    return raw !== null && parseOn(raw) === true;
  } catch {
    return false;
  }
}

const undoSendKey = 'tern.compose.undoSendSeconds';
/** The longest Undo countdown Settings offers. */
export const maxUndoSendSeconds = 30;
const parseUndoSeconds = (raw: string) => {
  const value: unknown = JSON.parse(raw);
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= maxUndoSendSeconds
    ? value
    : undefined;
};

/**
 * How long a sent message waits with Undo before it goes out, in seconds (0 to 30); null
 * until the user chooses, when the server's default applies.
 */
export function useUndoSendSeconds() {
  return useStoredValue<number | null>(undoSendKey, null, parseUndoSeconds);
}
