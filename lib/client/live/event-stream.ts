/**
 * One EventSource on GET /api/events, kept open: while the browser retries by itself (it sends
 * Last-Event-ID, so the server replays what was missed) it is left to; when it gives up or keeps
 * failing, a new one follows with backoff, after checking that the session has not ended.
 */
import type { MailEvent } from '@/lib/mail/types';
import { fetchSession } from '../api';
import { mailEventTypes, parseMailEvent, type StreamStatus } from './events';

export interface StreamHandlers {
  onEvent: (event: MailEvent) => void;
  onStatus: (status: StreamStatus) => void;
  /** A new EventSource opened: it could not say where the last one stopped. */
  onFreshOpen: () => void;
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
const backoff = { firstMs: 1000, maxMs: 30_000 };

/** How long to wait before the nth reconnect of ours: doubling, capped, with jitter. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt);
  return ceiling / 2 + (random() * ceiling) / 2;
}

export function openEventStream(initialFolder: string, handlers: StreamHandlers): EventStream {
  let folder = initialFolder;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let failures = 0;
  let closed = false;

  function connect() {
    clearTimeout(timer);
    timer = undefined;
    source?.close();
    source = undefined;
    if (closed) return;
    if (!navigator.onLine) return handlers.onStatus('offline');
    const current = new EventSource(`/api/events?folder=${encodeURIComponent(folder)}`);
    source = current;
    let opened = false;
    current.onopen = () => {
      if (source !== current) return;
      attempt = 0;
      failures = 0;
      handlers.onStatus('open');
      if (!opened) handlers.onFreshOpen();
      opened = true;
    };
    current.onerror = () => {
      if (source === current) void failed(current);
    };
    for (const type of mailEventTypes)
      current.addEventListener(type, (message: MessageEvent) => {
        const event = parseMailEvent(type, message.data);
        if (event && source === current) handlers.onEvent(event);
      });
  }

  async function failed(current: EventSource) {
    handlers.onStatus(navigator.onLine ? 'retrying' : 'offline');
    failures++;
    if (current.readyState === EventSource.CONNECTING && failures < browserRetries) return;
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
    handlers.onStatus('offline');
  }

  function onOnline() {
    attempt = 0;
    failures = 0;
    handlers.onStatus('retrying');
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
      source?.close();
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    },
  };
}
