/**
 * One event stream per browser, not per tab: a browser allows six HTTP/1.1 connections to a
 * site, so seven tabs each holding a stream would leave none for fetches. The tab holding the
 * `tern-events` Web Lock (the leader) keeps the stream, for the folder open in it, and relays
 * every event to the other tabs over a BroadcastChannel; the others tell it which folder they
 * show and whether they are visible. When the leader closes, the lock passes to another tab,
 * which opens a stream of its own. Without Web Locks or BroadcastChannel each tab streams alone.
 */
import type { LiveState } from '@/lib/mail/types';
import { sessionEnded } from '../session-ended';
import { connectionState, type ConnectionState, type LiveEvent, type StreamStatus } from './events';
import { openEventStream, type EventStream } from './event-stream';
import { notifyNewMail } from './new-mail-notice';

type Listener = (event: LiveEvent) => void;

/** What tabs say to each other. */
type Relay =
  /** `id` is the server's event id (none for the browser's own resync). */
  | { kind: 'event'; event: LiveEvent; id?: string }
  /** From the leader: the connection as the page shows it, and the folder the stream watches. */
  | { kind: 'state'; state: ConnectionState; folder: string }
  | { kind: 'tab'; tab: string; folder: string; visible: boolean }
  | { kind: 'bye'; tab: string }
  /** From a new leader: every tab says again what it shows. */
  | { kind: 'who' }
  | { kind: 'ended' };

const name = 'tern-events';
/** The INBOX is watched whatever folder the stream names. */
const inbox = 'INBOX';

interface Hub {
  subscribe: (folder: string, listener: Listener) => () => void;
  idle: () => boolean;
  stop: () => void;
}

let state: ConnectionState = 'live';
const stateListeners = new Set<() => void>();

export function connectionStateNow(): ConnectionState {
  return state;
}

export function onConnectionState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

function setState(next: ConnectionState) {
  if (next === state) return;
  state = next;
  for (const listener of stateListeners) listener();
}

function createHub(initialFolder: string): Hub {
  const tab = crypto.randomUUID();
  const listeners = new Map<Listener, string>();
  const shared =
    typeof BroadcastChannel === 'function' && typeof navigator.locks?.request === 'function';
  const channel = shared ? new BroadcastChannel(name) : undefined;
  const stopWaiting = new AbortController();
  /** Leader only: the other tabs and what they show. */
  const tabs = new Map<string, { folder: string; visible: boolean }>();
  let folder = initialFolder;
  let stream: EventStream | undefined;
  let streamFolder: string | undefined;
  let status: StreamStatus = 'starting';
  let server: LiveState = 'live';
  let releaseLock: (() => void) | undefined;
  /** The last event id heard, so a tab taking over the stream resumes where the last one was. */
  let lastId: string | undefined;

  const post = (message: Relay) => channel?.postMessage(message);
  const visible = () => document.visibilityState === 'visible';

  function deliver(event: LiveEvent) {
    for (const listener of [...listeners.keys()]) listener(event);
    // A folder the stream does not watch hears only its counts: a change means list it again.
    const unwatched = folder !== inbox && folder !== streamFolder;
    if (event.type === 'folder.counts' && event.path === folder && unwatched)
      deliver({ type: 'resync', path: folder });
  }

  function share(event: LiveEvent, id?: string) {
    deliver(event);
    post({ kind: 'event', event, id });
  }

  function publish() {
    const next = connectionState(status, server);
    setState(next);
    if (streamFolder !== undefined) post({ kind: 'state', state: next, folder: streamFolder });
  }

  /** No notice while any tab shows the INBOX in front of the user. */
  function inboxInView(): boolean {
    if (folder === inbox && visible()) return true;
    return [...tabs.values()].some((t) => t.folder === inbox && t.visible);
  }

  function lead() {
    streamFolder = folder;
    stream = openEventStream(
      folder,
      {
        onEvent(event, id) {
          lastId = id || lastId;
          if (event.type === 'connection') {
            server = event.state;
            publish();
          }
          share(event, id);
          if (event.type === 'message.new' && event.folder === inbox && !inboxInView())
            notifyNewMail(event.summary);
        },
        onStatus(next) {
          status = next;
          publish();
        },
        onFreshOpen(resumed) {
          server = 'live';
          // Resumed, the server sends what was missed; but a folder it only now watches may have
          // changed between its list being fetched and the watch starting. Not resumed (the
          // first stream of this browser), anything may have changed since the lists loaded:
          // the server says whether it did for the folders it watches (folder.state, compared
          // with the lists' versions), and every other list and the folder tree load again.
          const watched = [...new Set([inbox, streamFolder ?? inbox])];
          if (!resumed) share({ type: 'resync', except: watched });
          else if (streamFolder !== inbox) share({ type: 'resync', path: streamFolder });
        },
        onSessionEnded() {
          post({ kind: 'ended' });
          // Signed in again in place (a composer held content): the stream starts over.
          void sessionEnded().then((renewed) => renewed && lead());
        },
      },
      lastId,
    );
    post({ kind: 'who' });
    publish();
  }

  function announce() {
    if (stream) return;
    post({ kind: 'tab', tab, folder, visible: visible() });
  }

  function onRelay({ data }: MessageEvent<Relay>) {
    switch (data.kind) {
      case 'event':
        if (stream) break;
        lastId = data.id || lastId;
        deliver(data.event);
        break;
      case 'state':
        if (stream) break;
        streamFolder = data.folder;
        setState(data.state);
        break;
      case 'tab':
        if (!stream) break;
        tabs.set(data.tab, { folder: data.folder, visible: data.visible });
        publish(); // a tab that just came learns the state
        break;
      case 'bye':
        tabs.delete(data.tab);
        break;
      case 'who':
        announce();
        break;
      case 'ended':
        void sessionEnded();
        break;
    }
  }

  const onPageHide = () => post({ kind: 'bye', tab });

  if (channel) {
    channel.onmessage = onRelay;
    window.addEventListener('pagehide', onPageHide);
    document.addEventListener('visibilitychange', announce);
    announce();
    navigator.locks
      .request(name, { signal: stopWaiting.signal }, () => {
        lead();
        // Held while this tab listens; the browser releases it when the tab goes.
        return new Promise<void>((resolve) => (releaseLock = resolve));
      })
      .catch(() => {}); // aborted: this tab stopped listening before its turn came
  } else queueMicrotask(lead);

  return {
    subscribe(path, listener) {
      listeners.set(listener, path);
      if (path !== folder) {
        folder = path;
        if (stream) {
          streamFolder = path;
          stream.setFolder(path);
          publish();
        } else announce();
      }
      return () => listeners.delete(listener);
    },
    idle: () => listeners.size === 0,
    stop() {
      stream?.close();
      stopWaiting.abort();
      releaseLock?.();
      onPageHide();
      channel?.close();
      window.removeEventListener('pagehide', onPageHide);
      document.removeEventListener('visibilitychange', announce);
      setState('live');
    },
  };
}

/** Long enough for React to unmount and mount the list again (a folder change, Strict Mode). */
const stopGraceMs = 1000;
let hub: Hub | undefined;
let stopTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * Listens to live events while the given folder is open in this tab; the stream starts with the
 * first listener and stops shortly after the last one leaves.
 */
export function subscribeMailEvents(folder: string, listener: Listener): () => void {
  clearTimeout(stopTimer);
  hub ??= createHub(folder);
  const unsubscribe = hub.subscribe(folder, listener);
  return () => {
    unsubscribe();
    clearTimeout(stopTimer);
    stopTimer = setTimeout(() => {
      if (!hub?.idle()) return;
      hub.stop();
      hub = undefined;
    }, stopGraceMs);
  };
}
