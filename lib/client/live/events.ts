/** What the browser hears of live updates, and how sure it is of hearing them. */
import type { LiveState, MailEvent, MailEventType } from '@/lib/mail/types';

/**
 * The server's events, and one of the browser's own: `resync` says changes may have been missed
 * (a new stream cannot say where the last one stopped; a folder the stream does not watch only
 * hears of its counts), so the lists concerned are fetched again: `path`'s, or without it every
 * folder's but those in `except` (the server tells a new stream about those: `folder.state`).
 */
export type LiveEvent = MailEvent | { type: 'resync'; path?: string; except?: string[] };

/** Whether a resync concerns the list of `folder`. */
export function resyncs(event: { path?: string; except?: string[] }, folder: string): boolean {
  return event.path === undefined ? !event.except?.includes(folder) : event.path === folder;
}

/** What the page shows: nothing while live, else that new mail may not show yet. */
export type ConnectionState = 'live' | 'reconnecting' | 'offline';

/** This tab's own link to the event stream. */
export type StreamStatus = 'starting' | 'open' | 'retrying' | 'offline';

/** Every event type of the contract; an EventSource hears named events only when asked. */
export const mailEventTypes = [
  'message.new',
  'message.flags',
  'message.expunged',
  'folder.counts',
  'folder.reset',
  'folder.list',
  'folder.state',
  'connection',
] as const satisfies readonly MailEventType[];

// Fails to compile when the contract gains an event type this list lacks.
const _everyTypeListed: [Exclude<MailEventType, (typeof mailEventTypes)[number]>] extends [never]
  ? true
  : false = true;

/** One event's data, or undefined when it is not the JSON the contract promises. */
export function parseMailEvent(type: MailEventType, data: unknown): MailEvent | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    const named = typeof value === 'object' && value !== null && 'type' in value;
    return named && value.type === type ? (value as MailEvent) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A first connection that has not failed yet counts as live, so a page load shows no warning;
 * after that the stream's own state and the server's link to the mail server decide.
 */
export function connectionState(stream: StreamStatus, server: LiveState): ConnectionState {
  if (stream === 'offline') return 'offline';
  if (stream === 'retrying') return 'reconnecting';
  return server;
}
