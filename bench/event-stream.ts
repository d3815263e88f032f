/** Reading Tern's event stream (GET /api/events) as a browser's EventSource would, for the benchmarks. */
import type { MailEvent } from '../lib/mail/types.ts';
import { wallClock } from './measure.ts';

export type Stamped<T> = T & { at: number };
type NewMessage = Extract<MailEvent, { type: 'message.new' }>;

/** Things that arrive (events, EXISTS), kept in order, with a way to wait for a given one. */
export class Arrivals<T> {
  private readonly items: T[] = [];
  private readonly waiting = new Set<{ match: (item: T) => boolean; found: (item: T) => void }>();

  add(item: T): void {
    this.items.push(item);
    for (const waiter of this.waiting) if (waiter.match(item)) waiter.found(item);
  }

  /** The first item that matches, already here or yet to come; undefined after `ms`. */
  async first(match: (item: T) => boolean, ms: number): Promise<T | undefined> {
    const here = this.items.find(match);
    if (here) return here;
    let waiter: { match: (item: T) => boolean; found: (item: T) => void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<T | undefined>((resolve) => {
        waiter = { match, found: resolve };
        this.waiting.add(waiter);
        timer = setTimeout(() => resolve(undefined), ms);
      });
    } finally {
      clearTimeout(timer);
      if (waiter) this.waiting.delete(waiter);
    }
  }
}

/** GET /api/events read frame by frame; each event stamped when the chunk carrying it arrived. */
export class EventStream {
  readonly events = new Arrivals<Stamped<{ event: MailEvent }>>();
  /** Resolves with the first frame (the retry delay, sent at once); rejects if the stream fails. */
  readonly opened: Promise<void>;
  private readonly abort = new AbortController();
  private readonly reading: Promise<void>;

  constructor(url: string, cookie: string) {
    let opened = () => {};
    let failed: (error: unknown) => void = () => {};
    this.opened = new Promise((resolve, reject) => ((opened = resolve), (failed = reject)));
    this.reading = this.read(url, cookie, opened).catch((error: unknown) => {
      if (!this.abort.signal.aborted) failed(error);
    });
  }

  private async read(url: string, cookie: string, opened: () => void): Promise<void> {
    const response = await fetch(`${url}/api/events`, {
      headers: { cookie, accept: 'text/event-stream' },
      signal: this.abort.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`stream: ${response.status}`);
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      const at = wallClock();
      buffer += decoder.decode(chunk.value, { stream: true });
      const frames = buffer.split('\n\n');
      buffer = frames.pop()!;
      if (frames.length) opened();
      for (const frame of frames) {
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (data) this.events.add({ event: JSON.parse(data) as MailEvent, at });
      }
    }
  }

  /** The message.new for `uid` in the INBOX, once it comes. */
  arrival(uid: number, ms: number) {
    return this.events.first(
      (e) => e.event.type === 'message.new' && e.event.summary.uid === uid,
      ms,
    ) as Promise<Stamped<{ event: NewMessage }> | undefined>;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}
