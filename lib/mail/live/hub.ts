/**
 * Every signed-in user's live updates in this server process: one UserLive per user, created by
 * their first open stream and dropped when it releases its connections.
 */
import 'server-only';
import type { ServerEndpoint } from '../../env';
import type { Liveness } from '../../imap/folder-watch';
import type { PoolAccount } from '../../imap/pool';
import type { LoggedEvent } from './event-log';
import { UserLive } from './user-live';

export interface LiveHubOptions {
  endpoint: ServerEndpoint;
  tlsCa: string | undefined;
  /** Told of every change to a user's folder (the message list's caches sync on it). */
  changed: (user: string, path: string) => void;
  graceMs?: number;
  liveness?: Liveness;
  notify?: boolean;
  countsEveryMs?: number;
}

export interface LiveSink {
  send(event: LoggedEvent): void;
  end(): void;
}

export class LiveHub {
  private readonly users = new Map<string, UserLive>();
  private readonly accounts = new Map<string, PoolAccount>();
  private readonly options: LiveHubOptions;

  constructor(options: LiveHubOptions) {
    this.options = options;
  }

  /** Starts sending a tab the user's events; returns how to stop. */
  subscribe(
    account: PoolAccount,
    folder: string | undefined,
    lastEventId: string | undefined,
    sink: LiveSink,
  ): () => void {
    const user = account.email.toLowerCase();
    this.accounts.set(user, account);
    let live = this.users.get(user);
    if (!live) {
      live = new UserLive({
        connect: () => this.connectOptions(user),
        changed: (path) => this.options.changed(this.accounts.get(user)?.email ?? user, path),
        released: () => {
          if (this.users.get(user) === live) this.users.delete(user);
          this.accounts.delete(user);
        },
        graceMs: this.options.graceMs,
        liveness: this.options.liveness,
        notify: this.options.notify,
        countsEveryMs: this.options.countsEveryMs,
      });
      this.users.set(user, live);
    }
    return live.subscribe({ sid: account.sid, folder, ...sink }, lastEventId);
  }

  /** Ends the streams of a session that signed out. */
  closeSession(sid: string): void {
    for (const live of this.users.values()) live.closeSession(sid);
  }

  /** What is held now: for the leak test and the benchmark. */
  stats(): { users: number; subscribers: number; connections: number } {
    let subscribers = 0;
    let connections = 0;
    for (const live of this.users.values()) {
      subscribers += live.size;
      connections += live.connections();
    }
    return { users: this.users.size, subscribers, connections };
  }

  private connectOptions(user: string) {
    const account = this.accounts.get(user);
    return {
      endpoint: this.options.endpoint,
      tlsCa: this.options.tlsCa,
      auth: account ? { user: account.email, pass: account.password } : undefined,
      clientAddress: account?.clientAddress,
    };
  }
}
