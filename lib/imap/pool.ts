/**
 * Per-session IMAP connections. Each signed-in session gets authenticated imapflow clients on
 * first use and keeps them while it is active; each request has a client to itself, so parallel
 * requests never share a selected mailbox. A user's sessions together stay under a connection cap
 * (Dovecot refuses more than 10 per user and address by default).
 */
import 'server-only';
import type { ServerEndpoint } from '../env';
import { isMailError, MailError } from '../errors';
import { connectImap, describeCommandError, type ImapClient } from './client';

/** Whose connection: the session id keys it, the user's address counts it against the cap. */
export interface PoolAccount {
  sid: string;
  email: string;
  password: string;
  /** The browser's address for the request at hand, passed on when a connection is opened. */
  clientAddress?: string;
}

export interface PoolOptions {
  endpoint: ServerEndpoint;
  tlsCa: string | undefined;
  /** A free connection is logged out after this long. */
  idleMs: number;
  maxPerUser: number;
  /** Bounds connecting and logging in, so a dead server fails fast. */
  connectTimeoutMs?: number;
  /** How long a request waits for one of the user's busy connections before giving up. */
  waitMs?: number;
}

export interface UseOptions {
  /** Runs the work with this folder selected (under imapflow's mailbox lock). */
  folder?: string;
  /**
   * The work only reads, so it is run once more on a fresh connection when the reused one turns
   * out to have died (a Dovecot restart, a dropped socket) before it finished.
   */
  idempotent?: boolean;
}

interface Connection {
  client: ImapClient;
  sid: string;
  /** The key of the user's entry in the pool (the address, lower-cased). */
  user: string;
  /** Requests served so far: a reused connection may have died unnoticed while it waited. */
  uses: number;
  busy: boolean;
  /** Set when the session ended while the connection was busy: close it on release. */
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

interface UserConnections {
  open: Connection[];
  connecting: number;
  waiters: Array<() => void>;
}

const firstBackoffMs = 500;
const maxBackoffMs = 10_000;
/** Sign-outs are remembered this long, so a connection still logging in for one is dropped. */
const closedSessionMemoryMs = 60_000;

/** What users are told when the server cannot be reached; the details go to the server log. */
const unreachable =
  'Tern cannot reach the mail server right now. Try again in a minute; if it keeps happening, tell your administrator.';

export class ImapPool {
  private readonly users = new Map<string, UserConnections>();
  private readonly options: Required<PoolOptions>;
  /** While the server is failing, new connections are refused until this time. */
  private backoff = { until: 0, delayMs: 0 };
  private readonly closedSessions = new Map<string, number>();

  constructor(options: PoolOptions) {
    this.options = { connectTimeoutMs: 3000, waitMs: 20_000, ...options };
  }

  /** How many connections one user may hold at once. */
  get maxPerUser(): number {
    return this.options.maxPerUser;
  }

  /**
   * Runs work on one of the account's connections, opened and logged in if needed.
   * A password the server no longer accepts ends the session: the caller gets 'unauthenticated'.
   */
  async use<T>(
    account: PoolAccount,
    work: (client: ImapClient) => Promise<T>,
    options: UseOptions = {},
  ): Promise<T> {
    const connection = await this.acquireSignedIn(account, options.folder);
    try {
      return await this.run(connection, work, options.folder);
    } catch (error) {
      const diedWhileWaiting = connection.uses > 1 && !connection.client.usable;
      if (!options.idempotent || !diedWhileWaiting) throw error;
    } finally {
      this.release(connection);
    }
    // The reused connection had died unnoticed (a restart, a dropped socket): once more, fresh.
    const fresh = await this.acquireSignedIn(account, options.folder);
    try {
      return await this.run(fresh, work, options.folder);
    } finally {
      this.release(fresh);
    }
  }

  /**
   * Checks a password for a new session on a connection of its own, outside the user's cap, so a
   * stranger's wrong guesses never take or wait for the real user's connections. When the user
   * has room, the connection stays for the session's first request.
   */
  async signIn(account: PoolAccount): Promise<void> {
    let connection: Connection | undefined;
    const client = await this.connect(account, () => {
      if (connection) this.forget(connection);
    });
    const user = this.userOf(account.email);
    const spare = user.open.find((c) => !c.busy);
    if (user.open.length + user.connecting >= this.options.maxPerUser && spare) this.discard(spare);
    if (user.open.length + user.connecting < this.options.maxPerUser) {
      connection = this.adopt(client, account, user);
      this.release(connection);
    } else {
      client.logout().catch(() => client.close());
      this.dropIfEmpty(userKey(account.email));
    }
  }

  /** Logs out every connection of a session, now or as soon as its current request ends. */
  closeSession(sid: string): void {
    const now = Date.now();
    for (const [closed, at] of this.closedSessions)
      if (now - at > closedSessionMemoryMs) this.closedSessions.delete(closed);
    this.closedSessions.set(sid, now);
    for (const user of this.users.values()) {
      for (const connection of user.open.filter((c) => c.sid === sid)) {
        if (connection.busy) connection.retired = true;
        else this.discard(connection);
      }
    }
  }

  /** Logs out everything, for a clean shutdown. */
  async closeAll(): Promise<void> {
    const all = [...this.users.values()].flatMap((u) => u.open);
    for (const connection of all) clearTimeout(connection.idleTimer);
    await Promise.all(all.map((c) => c.client.logout().catch(() => c.client.close())));
    this.users.clear();
  }

  /** Open connections, for tests and the memory benchmark. */
  stats(): { users: number; connections: number; busy: number } {
    const all = [...this.users.values()].flatMap((u) => u.open);
    return {
      users: this.users.size,
      connections: all.length,
      busy: all.filter((c) => c.busy).length,
    };
  }

  private async run<T>(
    connection: Connection,
    work: (client: ImapClient) => Promise<T>,
    folder: string | undefined,
  ): Promise<T> {
    const { client } = connection;
    try {
      if (folder === undefined) return await work(client);
      const lock = await client.getMailboxLock(folder);
      try {
        return await work(client);
      } finally {
        lock.release();
      }
    } catch (error) {
      throw describeCommandError(error, client);
    }
  }

  private acquireSignedIn(account: PoolAccount, folder: string | undefined): Promise<Connection> {
    return this.acquire(account, folder).catch((error: unknown) => {
      if (isMailError(error, 'auth_failed')) {
        throw new MailError(
          'unauthenticated',
          'The mail server no longer accepts your password. Sign in again.',
        );
      }
      throw error;
    });
  }

  private userOf(email: string): UserConnections {
    const key = userKey(email);
    let user = this.users.get(key);
    if (!user) {
      user = { open: [], connecting: 0, waiters: [] };
      this.users.set(key, user);
    }
    return user;
  }

  private async acquire(account: PoolAccount, folder: string | undefined): Promise<Connection> {
    const deadline = Date.now() + this.options.waitMs;
    try {
      for (;;) {
        const user = this.userOf(account.email);
        for (const dead of user.open.filter((c) => !c.client.usable && !c.busy)) this.discard(dead);
        const free = user.open.filter((c) => c.sid === account.sid && !c.busy && !c.retired);
        const ready =
          free.find((c) => c.client.mailbox && c.client.mailbox.path === folder) ?? free[0];
        if (ready) return this.take(ready);

        if (user.open.length + user.connecting < this.options.maxPerUser)
          return await this.open(account, user);

        // At the cap: a free connection of the user's other session (another device) makes room.
        const spare = user.open.find((c) => !c.busy);
        if (spare) {
          this.discard(spare);
          continue;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new MailError(
            'imap_unavailable',
            'Your mail connections are all busy. Wait a moment and try again.',
            { retryAfterSeconds: 2 },
          );
        }
        await this.waitForRelease(user, remaining);
      }
    } finally {
      this.dropIfEmpty(userKey(account.email));
    }
  }

  private take(connection: Connection): Connection {
    connection.busy = true;
    connection.uses += 1;
    clearTimeout(connection.idleTimer);
    return connection;
  }

  /** Opens a connection counted against the user's cap, and hands it out busy. */
  private async open(account: PoolAccount, user: UserConnections): Promise<Connection> {
    user.connecting += 1;
    let connection: Connection | undefined;
    try {
      const client = await this.connect(account, () => {
        if (connection) this.forget(connection);
      });
      connection = this.adopt(client, account, user);
      return connection;
    } finally {
      user.connecting -= 1;
      this.wake(user);
    }
  }

  /** Connects and logs in, unless the server is in backoff or the session ended meanwhile. */
  private async connect(account: PoolAccount, onClose: () => void): Promise<ImapClient> {
    const now = Date.now();
    if (now < this.backoff.until) {
      throw new MailError('imap_unavailable', unreachable, {
        retryAfterSeconds: Math.ceil((this.backoff.until - now) / 1000),
      });
    }
    let client: ImapClient;
    try {
      client = await connectImap({
        endpoint: this.options.endpoint,
        tlsCa: this.options.tlsCa,
        auth: { user: account.email, pass: account.password },
        timeoutMs: this.options.connectTimeoutMs,
        clientAddress: account.clientAddress,
        onClose,
      });
    } catch (error) {
      if (!isMailError(error, 'imap_unavailable')) throw error;
      this.backOff(error.message);
      throw new MailError('imap_unavailable', unreachable, {
        cause: error,
        retryAfterSeconds: Math.ceil(this.backoff.delayMs / 1000),
      });
    }
    this.backoff = { until: 0, delayMs: 0 };
    if (this.closedSessions.has(account.sid)) {
      client.logout().catch(() => client.close());
      throw new MailError('unauthenticated', 'You are signed out. Sign in again to continue.');
    }
    return client;
  }

  /** Adds a logged-in client to the user's connections, handed out busy to the caller. */
  private adopt(client: ImapClient, account: PoolAccount, user: UserConnections): Connection {
    const connection: Connection = {
      client,
      sid: account.sid,
      user: userKey(account.email),
      uses: 0,
      busy: false,
      retired: false,
    };
    user.open.push(connection);
    return this.take(connection);
  }

  /** Doubles the wait once per failed period (not per parallel failure), and says why in the log. */
  private backOff(reason: string): void {
    const now = Date.now();
    if (now < this.backoff.until) return;
    const delayMs = Math.min(maxBackoffMs, this.backoff.delayMs * 2 || firstBackoffMs);
    this.backoff = { until: now + delayMs, delayMs };
    console.warn(`tern: ${reason} Retrying in ${delayMs} ms.`);
  }

  private release(connection: Connection): void {
    if (!connection.busy) return;
    connection.busy = false;
    if (connection.retired || !connection.client.usable) {
      this.discard(connection);
    } else {
      connection.idleTimer = setTimeout(() => this.discard(connection), this.options.idleMs);
      connection.idleTimer.unref();
    }
    const user = this.users.get(connection.user);
    if (user) this.wake(user);
  }

  private discard(connection: Connection): void {
    clearTimeout(connection.idleTimer);
    this.forget(connection);
    connection.client.logout().catch(() => connection.client.close());
  }

  private forget(connection: Connection): void {
    clearTimeout(connection.idleTimer);
    const user = this.users.get(connection.user);
    if (!user) return;
    user.open = user.open.filter((c) => c !== connection);
    this.wake(user);
    this.dropIfEmpty(connection.user);
  }

  private dropIfEmpty(key: string): void {
    const user = this.users.get(key);
    if (user && user.open.length === 0 && user.connecting === 0 && user.waiters.length === 0)
      this.users.delete(key);
  }

  private wake(user: UserConnections): void {
    const waiters = user.waiters.splice(0);
    for (const resume of waiters) resume();
  }

  private waitForRelease(user: UserConnections, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        user.waiters = user.waiters.filter((w) => w !== done);
        resolve();
      }
      user.waiters.push(done);
    });
  }
}

/** One entry per mailbox owner, however the address was capitalised at sign-in. */
function userKey(email: string): string {
  return email.trim().toLowerCase();
}
