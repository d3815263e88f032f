/**
 * One user's live updates, shared by all their open tabs: a watch on the INBOX (which also
 * receives every other folder's counts through NOTIFY) and, while some tab has another folder
 * open, a watch on that folder. At most two IMAP connections per user, however many tabs.
 *
 * When a watch's connection drops, subscribers hear `connection: reconnecting`; the watches are
 * opened again with backoff from where they were (QRESYNC), and what changed meanwhile is sent
 * before anything new. The last tab leaving releases the connections after a short grace.
 */
import 'server-only';
import type { ConnectOptions, ImapMessage } from '../../imap/client';
import {
  FolderWatch,
  type FolderCheckpoint,
  type FolderStatus,
  type Liveness,
} from '../../imap/folder-watch';
import { isMailError } from '../../errors';
import { folderVersion } from '../messages';
import { summaryFields, toSummary } from '../summary';
import type { LiveState, MailEvent } from '../types';
import { EventLog, type LoggedEvent } from './event-log';

export interface Subscriber {
  sid: string;
  /** The folder the tab has open, watched beside the INBOX. */
  folder: string | undefined;
  send(event: LoggedEvent): void;
  end(): void;
}

export interface UserLiveOptions {
  /** How to connect as this user (the password of the latest subscriber's session). */
  connect: () => ConnectOptions;
  /** Called when the last subscriber has been gone for the grace period and all is closed. */
  released: () => void;
  /** Told of every change to a folder, so the message list's caches sync before answering. */
  changed: (path: string) => void;
  graceMs?: number;
  liveness?: Liveness;
  /** Ask for other folders' counts with NOTIFY where the server offers it (tests turn it off). */
  notify?: boolean;
  /** Without NOTIFY, how often every folder's counts are asked for. */
  countsEveryMs?: number;
}

const inbox = 'INBOX';
const firstBackoffMs = 500;
const maxBackoffMs = 10_000;
/** Flag changes are sent in batches; a batch this large (a whole folder marked read) is a reset. */
const flagBatchMs = 50;
const maxFlagEvents = 1000;

export class UserLive {
  private readonly options: UserLiveOptions;
  private readonly log = new EventLog(1000);
  private readonly subscribers = new Set<Subscriber>();
  /** Most recent last: the newest subscriber's folder is the one watched beside the INBOX. */
  private readonly order: Subscriber[] = [];
  private readonly checkpoints = new Map<string, FolderCheckpoint>();
  /** The last full counts of each folder; NOTIFY pushes may carry only what changed. */
  private readonly counts = new Map<
    string,
    { total?: number; unseen?: number; uidValidity?: string }
  >();
  /** Folders a tab asked for that the server does not have. */
  private readonly missing = new Set<string>();
  private readonly pendingFlags = new Map<string, Map<number, string[]>>();
  /** New streams not yet told their folders' state (sent once the watches run). */
  private readonly awaitingState = new Set<Subscriber>();
  private flagTimer: NodeJS.Timeout | undefined;
  private main: FolderWatch | undefined;
  private other: FolderWatch | undefined;
  private state: LiveState = 'live';
  private backoffMs = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private countsTimer: NodeJS.Timeout | undefined;
  private releaseTimer: NodeJS.Timeout | undefined;
  /** Opening and closing watches, one change at a time. */
  private work: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(options: UserLiveOptions) {
    this.options = options;
  }

  /** Adds a tab. What it missed since `lastEventId` comes first: replayed, or reset. */
  subscribe(subscriber: Subscriber, lastEventId: string | undefined): () => void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    this.missing.delete(subscriber.folder ?? '');
    if (lastEventId) {
      const missed = this.log.since(lastEventId);
      if (missed) for (const logged of missed) subscriber.send(logged);
      else
        for (const event of this.resetsFor(subscriber.folder)) subscriber.send(this.stamp(event));
    } else this.awaitingState.add(subscriber);
    if (this.state !== 'live')
      subscriber.send(this.stamp({ type: 'connection', state: this.state }));
    this.subscribers.add(subscriber);
    this.order.push(subscriber);
    this.reconcile();
    return () => this.unsubscribe(subscriber);
  }

  /** Ends the streams of a session that signed out. */
  closeSession(sid: string): void {
    for (const subscriber of [...this.subscribers]) if (subscriber.sid === sid) subscriber.end();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** For tests and the leak check: connections held now. */
  connections(): number {
    return (this.main ? 1 : 0) + (this.other ? 1 : 0);
  }

  private unsubscribe(subscriber: Subscriber): void {
    this.awaitingState.delete(subscriber);
    if (!this.subscribers.delete(subscriber)) return;
    this.order.splice(this.order.indexOf(subscriber), 1);
    if (this.subscribers.size > 0) {
      this.reconcile();
      return;
    }
    this.releaseTimer = setTimeout(() => this.release(), this.options.graceMs ?? 10_000);
    this.releaseTimer.unref();
  }

  private release(): void {
    if (this.subscribers.size > 0) return;
    this.ended = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.flagTimer);
    clearInterval(this.countsTimer);
    this.work = this.work.then(() => {
      this.closeWatch('main');
      this.closeWatch('other');
    });
    this.options.released();
  }

  /** What a tab that missed events it cannot be told must drop and fetch again. */
  private resetsFor(folder: string | undefined): MailEvent[] {
    const paths = new Set([inbox, ...(folder ? [folder] : [])]);
    return [
      ...[...paths].map((path) => ({ type: 'folder.reset', path }) as const),
      { type: 'folder.list' },
    ];
  }

  /** An event for one tab only, outside the log. */
  private stamp(event: MailEvent): LoggedEvent {
    return { id: this.log.latest(), event };
  }

  private emit(event: MailEvent): void {
    const logged = this.log.append(event);
    for (const subscriber of this.subscribers) subscriber.send(logged);
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit({ type: 'connection', state });
  }

  /** The folder watched beside the INBOX: the newest tab's, unless that is the INBOX. */
  private wantedOther(): string | undefined {
    for (let i = this.order.length - 1; i >= 0; i--) {
      const folder = this.order[i]!.folder;
      if (folder && folder !== inbox && !this.missing.has(folder)) return folder;
    }
    return undefined;
  }

  /** Opens and closes watches to match the subscribers, one change at a time. */
  private reconcile(): void {
    this.work = this.work.then(() => this.apply()).catch(() => {});
  }

  private async apply(): Promise<void> {
    if (this.ended || this.retryTimer) return;
    try {
      this.main ??= await this.openWatch(inbox, this.options.notify ?? true);
      if (!this.main.notifying) this.pollCounts();
      const wanted = this.wantedOther();
      if (this.other && this.other.path !== wanted) this.closeWatch('other');
      if (wanted && !this.other) this.other = await this.openOther(wanted);
      this.backoffMs = 0;
      if (this.state !== 'live') {
        this.setState('live');
        await this.sendCounts(this.main);
      }
      await this.sendStates();
    } catch (error) {
      if (isMailError(error, 'auth_failed') || isMailError(error, 'unauthenticated')) {
        // The password stopped working: the tabs' next request signs them out.
        for (const subscriber of [...this.subscribers]) subscriber.end();
        return;
      }
      this.retryLater();
    }
  }

  /**
   * The watch beside the INBOX. A folder that is not there (deleted elsewhere, or a stale tab) is
   * left unwatched, and the tabs are told to fetch the folder tree again.
   */
  private async openOther(path: string): Promise<FolderWatch | undefined> {
    if (this.missing.has(path)) return undefined;
    try {
      return await this.openWatch(path, false);
    } catch (error) {
      if (!isMailError(error, 'not_found')) throw error;
      this.missing.add(path);
      this.emit({ type: 'folder.list' });
      return undefined;
    }
  }

  /**
   * Tells each new stream the state of its folders that are watched now (the INBOX, and its own
   * folder when that is the one beside it): from here on every change reaches it as an event, so
   * a list it fetched at that state is current, and any other may have missed something.
   */
  private async sendStates(): Promise<void> {
    const states = new Map<string, string | null>();
    const stateOf = async (path: string) => {
      const watch = [this.main, this.other].find((w) => w?.path === path);
      // Not watched now (the folder beside the INBOX is a newer tab's, or it is not there):
      // nothing tells this stream what it missed, so its list loads again.
      if (!watch) return null;
      if (!states.has(path)) {
        const { messages, uidNext, highestModseq } = await watch.state();
        states.set(path, highestModseq ? folderVersion(messages, uidNext, highestModseq) : null);
      }
      return states.get(path)!;
    };
    for (const subscriber of [...this.awaitingState]) {
      const paths = new Set([inbox, ...(subscriber.folder ? [subscriber.folder] : [])]);
      const events: MailEvent[] = [];
      for (const path of paths)
        events.push({ type: 'folder.state', path, version: await stateOf(path) });
      // It may have left while the states were asked for.
      if (this.awaitingState.delete(subscriber))
        for (const event of events) subscriber.send(this.stamp(event));
    }
  }

  /** Without NOTIFY, every folder's counts now and then, on the INBOX watch's connection. */
  private pollCounts(): void {
    if (this.countsTimer) return;
    this.countsTimer = setInterval(() => {
      this.main?.allCounts().then(
        (statuses) => statuses.forEach((status) => this.statusPushed(status)),
        () => {}, // the watch is closing; its replacement polls again
      );
    }, this.options.countsEveryMs ?? 60_000);
    this.countsTimer.unref();
  }

  private retryLater(): void {
    if (this.ended || this.retryTimer || this.subscribers.size === 0) return;
    this.setState('reconnecting');
    this.backoffMs = Math.min(maxBackoffMs, this.backoffMs ? this.backoffMs * 2 : firstBackoffMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.reconcile();
    }, this.backoffMs);
    this.retryTimer.unref();
  }

  private closeWatch(which: 'main' | 'other'): void {
    const watch = this[which];
    if (!watch) return;
    this[which] = undefined;
    this.checkpoints.set(watch.path, watch.checkpoint());
    watch.close();
  }

  private async openWatch(path: string, notify: boolean): Promise<FolderWatch> {
    let self: FolderWatch | undefined = undefined;
    const watch = await FolderWatch.open(this.options.connect(), {
      path,
      notify,
      query: summaryFields,
      checkpoint: this.checkpoints.get(path),
      liveness: this.options.liveness,
      handlers: {
        onNew: (folder, messages) => this.newMessages(folder, messages),
        onFlags: (folder, uid, flags) => this.flagsChanged(folder, uid, flags),
        onExpunged: (folder, uids) => {
          this.options.changed(folder);
          this.emit({ type: 'message.expunged', folder, uids });
          void this.sendCountsOf(folder);
        },
        onStatus: (status) => this.statusPushed(status),
        onFolderList: () => this.emit({ type: 'folder.list' }),
        onReset: (folder) => {
          this.options.changed(folder);
          this.emit({ type: 'folder.reset', path: folder });
        },
        onClosed: () => {
          // Only a watch still in use dropping is news; one closed on purpose is not.
          if (!self || (this.main !== self && this.other !== self)) return;
          this.closeWatch(this.main === self ? 'main' : 'other');
          this.retryLater();
        },
      },
    });
    self = watch;
    return watch;
  }

  private newMessages(folder: string, messages: ImapMessage[]): void {
    this.options.changed(folder);
    for (const message of messages)
      this.emit({ type: 'message.new', folder, summary: toSummary(message) });
    void this.sendCountsOf(folder);
  }

  private flagsChanged(folder: string, uid: number, flags: string[]): void {
    let batch = this.pendingFlags.get(folder);
    if (!batch) this.pendingFlags.set(folder, (batch = new Map<number, string[]>()));
    batch.set(uid, flags);
    this.flagTimer ??= setTimeout(() => this.flushFlags(), flagBatchMs);
  }

  private flushFlags(): void {
    this.flagTimer = undefined;
    for (const [folder, batch] of this.pendingFlags) {
      this.options.changed(folder);
      if (batch.size > maxFlagEvents) this.emit({ type: 'folder.reset', path: folder });
      else
        for (const [uid, flags] of batch) this.emit({ type: 'message.flags', folder, uid, flags });
      void this.sendCountsOf(folder);
    }
    this.pendingFlags.clear();
  }

  /**
   * Counts of a watched folder. NOTIFY pushes every folder's but the one its own connection has
   * selected (the INBOX); without NOTIFY, each watch asks for its own.
   */
  private async sendCountsOf(folder: string): Promise<void> {
    const watch = [this.main, this.other].find((w) => w?.path === folder);
    if (!watch) return;
    if (watch === this.main || !this.main?.notifying) await this.sendCounts(watch);
  }

  private async sendCounts(watch: FolderWatch): Promise<void> {
    try {
      const { total, unseen } = await watch.counts();
      this.emit({ type: 'folder.counts', path: watch.path, total, unseen });
    } catch {
      // The watch is closing; its replacement sends counts when it is live.
    }
  }

  private statusPushed(status: FolderStatus): void {
    const known = this.counts.get(status.path) ?? {};
    const next = {
      total: status.messages ?? known.total,
      unseen: status.unseen ?? known.unseen,
      uidValidity: status.uidValidity ?? known.uidValidity,
    };
    this.counts.set(status.path, next);
    if (known.uidValidity && next.uidValidity && known.uidValidity !== next.uidValidity) {
      this.options.changed(status.path);
      this.emit({ type: 'folder.reset', path: status.path });
    }
    // Pushes repeat now and then (and a poll answers every folder): only changes are news.
    if (next.total === undefined || next.unseen === undefined) return;
    if (next.total === known.total && next.unseen === known.unseen) return;
    this.options.changed(status.path);
    this.emit({ type: 'folder.counts', path: status.path, total: next.total, unseen: next.unseen });
  }
}
