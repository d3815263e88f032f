/**
 * One EventSource on GET /api/events, kept open. While the browser retries by itself (it sends
 * Last-Event-ID, so the server replays what was missed) it is left to; when it gives up or keeps
 * failing, a new one follows with backoff, after checking that the session has not ended, and
 * names the last event seen in its query so the server can replay from there too.
 */
import type { MailEvent } from '@/lib/mail/types';
import { fetchSession } from '../api';
import { mailEventTypes, parseMailEvent, type StreamStatus } from './events';

export interface StreamHandlers {
  onEvent: (event: MailEvent, id: string) => void;
  onStatus: (status: StreamStatus) => void;
  /**
   * A new EventSource opened. `resumed`: it named the last event seen, so the server sends what
   * was missed (or resets); otherwise what changed before it opened is unknown.
   */
  onFreshOpen: (resumed: boolean) => void;
  /** The server refused the stream and the session has ended. */
  onSessionEnded: () => void;
}

export interface EventStream {
  /** The folder open in this tab, watched beside the INBOX; a change connects again. */
  setFolder: (folder: string) => void;
  close: () => void;
}

/** Errors the browser's own retries may have in a row before this takes over with backoff. */
const browserRetries = 3;
/**
 * The server ends every stream now and then (10 minutes) and the browser reconnects within its
 * retry delay (3 s): only a reconnect slower than this is shown.
 */
const quietRetryMs = 6000;
const backoff = { firstMs: 1000, maxMs: 30_000 };

/** How long to wait before the nth reconnect of ours: doubling, capped, with jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

export function streamUrl(folder: string, lastEventId: string | undefined): string {
  const query = new URLSearchParams({ folder });
  if (lastEventId) query.set('lastEventId', lastEventId);
  return `/api/events?${query}`;
}

export function openEventStream(
  initialFolder: string,
  handlers: StreamHandlers,
  /** The last event another tab's stream relayed, when this one takes over from it. */
  lastEventId?: string,
): EventStream {
  let folder = initialFolder;
  let lastId = lastEventId;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let failures = 0;
  let closed = false;

  function status(next: StreamStatus) {
    clearTimeout(quietTimer);
    handlers.onStatus(next);
  }

  function connect() {
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = undefined;
    if (closed) return;
    if (!navigator.onLine) return status('offline');
    const resumed = lastId !== undefined;
    const current = new EventSource(streamUrl(folder, lastId));
    source = current;
    let opened = false;
    current.onopen = () => {
      if (source !== current) return;
      attempt = 0;
      failures = 0;
      status('open');
      if (!opened) handlers.onFreshOpen(resumed);
      opened = true;
    };
    current.onerror = () => {
      if (source === current) void failed(current);
    };
    for (const type of mailEventTypes)
      current.addEventListener(type, (message: MessageEvent) => {
        const event = parseMailEvent(type, message.data);
        if (!event || source !== current) return;
        lastId = message.lastEventId || lastId;
        handlers.onEvent(event, message.lastEventId);
      });
  }

  async function failed(current: EventSource) {
    failures++;
    const retrying = current.readyState === EventSource.CONNECTING;
    if (retrying && failures < browserRetries) {
      // The browser tries again by itself, saying where it stopped.
      if (failures === 1)
        quietTimer = setTimeout(() => handlers.onStatus('retrying'), quietRetryMs);
      else status('retrying');
      return;
    }
    status(navigator.onLine ? 'retrying' : 'offline');
    current.close();
    source = undefined;
    // A refused stream may mean the session ended: then the login page, not another try.
    const session = await fetchSession();
    if (closed || source !== undefined || timer !== undefined) return;
    if (!session.ok && session.status === 401) {
      closed = true;
      return handlers.onSessionEnded();
    }
    timer = setTimeout(connect, backoffDelay(attempt++));
  }

  function onOffline() {
    source?.close();
    source = undefined;
    clearTimeout(timer);
    timer = undefined;
    status('offline');
  }

  function onOnline() {
    attempt = 0;
    failures = 0;
    status('retrying');
    connect();
  }

  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  connect();

  return {
    setFolder(next) {
      if (next === folder) return;
      folder = next;
      if (source || timer !== undefined) connect();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(quietTimer);
      source?.close();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    },
  };
}
