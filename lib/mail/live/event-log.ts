/**
 * The recent events of one user's watcher, so a browser that reconnects (its EventSource sends
 * Last-Event-ID) gets exactly what it missed. An id is `epoch.sequence`: an id from another epoch
 * (another server instance, a restart, a watcher released and started again) or one already
 * dropped from the log cannot be answered, and the caller sends resets instead.
 */
import { randomBytes } from 'node:crypto';
import type { MailEvent } from '../types';

export interface LoggedEvent {
  id: string;
  event: MailEvent;
}

export class EventLog {
  readonly epoch = randomBytes(6).toString('base64url');
  private sequence = 0;
  private readonly entries: LoggedEvent[] = [];
  private readonly capacity: number;

  constructor(capacity = 2000) {
    this.capacity = capacity;
  }

  append(event: MailEvent): LoggedEvent {
    const logged = { id: `${this.epoch}.${++this.sequence}`, event };
    this.entries.push(logged);
    if (this.entries.length > this.capacity) this.entries.shift();
    return logged;
  }

  /** The id of the latest event: a tab told something outside the log is up to date as of it. */
  latest(): string {
    return `${this.epoch}.${this.sequence}`;
  }

  /** The events after `lastId`, or undefined when the log cannot tell. */
  since(lastId: string): LoggedEvent[] | undefined {
    const [epoch, count] = lastId.split('.');
    const seen = Number(count);
    if (epoch !== this.epoch || !Number.isSafeInteger(seen) || seen < 0 || seen > this.sequence)
      return undefined;
    const oldest = this.sequence - this.entries.length + 1;
    if (seen + 1 < oldest) return undefined;
    return this.entries.slice(seen + 1 - oldest);
  }
}
