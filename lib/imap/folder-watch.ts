/**
 * One IMAP connection that idles on one folder and reports what changes in it: new messages
 * (fetched at once), flag changes and expunges, as they happen. With `notify`, the same
 * connection also asks the server (RFC 5465 NOTIFY) to push every other folder's counts, so one
 * connection per user covers the INBOX and every badge. Opened from a checkpoint, it first reports
 * what changed since then (QRESYNC), so a reconnect misses nothing.
 *
 * imapflow has no API for NOTIFY and mishandles a few QRESYNC details; the workarounds are here
 * and nowhere else (see ../shared/notes and tests/integration/live-events.test.ts).
 */
import 'server-only';
import iconv from 'iconv-lite';
import {
  connectImap,
  describeCommandError,
  type ConnectOptions,
  type ImapClient,
  type ImapFetchQuery,
  type ImapMessage,
  type ImapOpenOptions,
} from './client';

/** Where a folder was last seen, as the server reported it: enough to ask what changed since. */
export interface FolderCheckpoint {
  uidValidity: string;
  highestModseq: string;
  uidNext: number;
}

/** A folder's counts as NOTIFY pushed them; a push may carry only the fields that changed. */
export interface FolderStatus {
  path: string;
  messages?: number;
  unseen?: number;
  uidNext?: number;
  uidValidity?: string;
}

export interface WatchHandlers {
  /** Messages at or above the last known UIDNEXT, fetched with the watch's query. */
  onNew(path: string, messages: ImapMessage[]): void;
  onFlags(path: string, uid: number, flags: string[]): void;
  onExpunged(path: string, uids: number[]): void;
  /** Another folder's counts changed (only with `notify`). */
  onStatus(status: FolderStatus): void;
  /** Folders were created, renamed or deleted (only with `notify`). */
  onFolderList(): void;
  /** The watched folder changed identity (UIDVALIDITY): everything known of it is void. */
  onReset(path: string): void;
  /** The connection ended (a server restart, a dropped socket, a failed probe, or close()). */
  onClosed(): void;
}

export interface WatchOptions {
  path: string;
  /** Ask the server to push other folders' counts on this connection. */
  notify: boolean;
  /** What to fetch for new messages (the message list's row fields). */
  query: ImapFetchQuery;
  /** Where the folder was last seen: changes since are reported before open() returns. */
  checkpoint?: FolderCheckpoint;
  handlers: WatchHandlers;
  liveness?: Liveness;
}

/** How often an idle connection is checked, and how long the check may take before it is dead. */
export interface Liveness {
  everyMs: number;
  deadlineMs: number;
}

const defaultLiveness: Liveness = { everyMs: 30_000, deadlineMs: 10_000 };

interface Expunge {
  path: string;
  uid?: number;
  vanished?: boolean;
  earlier?: boolean;
}
interface FlagsEvent {
  path: string;
  uid?: number;
  flags: Set<string>;
}
interface Attribute {
  value?: unknown;
}
type AttributeList = Array<Attribute | AttributeList>;
interface ExecClient {
  exec(
    command: string,
    attributes: unknown[],
    options?: {
      untagged?: Record<string, (response: { attributes?: AttributeList }) => Promise<void>>;
    },
  ): Promise<{ next: () => void }>;
  untaggedHandlers: Record<
    string,
    ((response: { attributes?: AttributeList }) => Promise<void>) | null
  >;
}

export class FolderWatch {
  private probe: NodeJS.Timeout | undefined;
  private closed = false;
  private closeReported = false;
  private notifyOn = false;
  /** Work on the connection, one at a time: fetching new mail, asking for counts. */
  private queue: Promise<unknown> = Promise.resolve();
  private pendingExpunged: number[] = [];
  private checkpointNow: FolderCheckpoint = { uidValidity: '', highestModseq: '0', uidNext: 1 };

  private readonly client: ImapClient;
  private readonly options: WatchOptions;

  private constructor(client: ImapClient, options: WatchOptions) {
    this.client = client;
    this.options = options;
  }

  static async open(connect: ConnectOptions, options: WatchOptions): Promise<FolderWatch> {
    let watch: FolderWatch | undefined = undefined;
    const client = await connectImap({
      ...connect,
      watch: true,
      onClose: () => watch?.ended(),
    });
    watch = new FolderWatch(client, options);
    try {
      await watch.start();
      return watch;
    } catch (error) {
      const failure = describeCommandError(error, client);
      watch.close();
      throw failure;
    }
  }

  /** True once the server pushes other folders' counts here (NOTIFY). */
  get notifying(): boolean {
    return this.notifyOn;
  }

  get path(): string {
    return this.options.path;
  }

  /** The folder as last reported by the server (SELECT, STATUS). */
  checkpoint(): FolderCheckpoint {
    return { ...this.checkpointNow };
  }

  /** The watched folder's message and unseen counts (NOTIFY never pushes the selected folder's). */
  counts(): Promise<{ total: number; unseen: number }> {
    return this.serialized(async () => {
      const fields = await this.statusOfSelected();
      return { total: fields.messages ?? 0, unseen: fields.unseen ?? 0 };
    });
  }

  /**
   * The watched folder's message count, UIDNEXT and HIGHESTMODSEQ now (undefined without
   * CONDSTORE), as STATUS reports them after a NOOP: what its version is while the watch runs.
   */
  state(): Promise<{ messages: number; uidNext: number; highestModseq: string | undefined }> {
    return this.serialized(async () => {
      const fields = await this.statusOfSelected();
      const modseqs = this.client.enabled.has('CONDSTORE') || this.client.enabled.has('QRESYNC');
      return {
        messages: fields.messages ?? 0,
        uidNext: fields.uidNext ?? 0,
        highestModseq: (modseqs && this.checkpointNow.highestModseq) || undefined,
      };
    });
  }

  /**
   * Every folder's counts in one LIST-STATUS, for servers without NOTIFY (on a NOTIFY connection
   * imapflow would fold pushed STATUS lines into the answer, so it is refused there).
   */
  allCounts(): Promise<FolderStatus[]> {
    if (this.notifyOn) return Promise.reject(new Error('allCounts() on a NOTIFY connection'));
    return this.serialized(async () => {
      const folders = await this.client.list({
        statusQuery: { messages: true, unseen: true, uidValidity: true },
      });
      return folders.flatMap(({ path, status }) =>
        status
          ? [
              {
                path,
                messages: status.messages,
                unseen: status.unseen,
                uidValidity:
                  status.uidValidity === undefined ? undefined : String(status.uidValidity),
              },
            ]
          : [],
      );
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.probe);
    this.client.close();
  }

  private async start(): Promise<void> {
    const { client, options } = this;
    const { handlers, path, checkpoint } = options;
    // Resyncing, messages from the checkpoint's UIDNEXT on are new: they are fetched once the
    // folder is open, and the FETCH responses QRESYNC sends for them are not flag changes.
    if (checkpoint) this.checkpointNow.uidNext = checkpoint.uidNext;
    client.on('expunge', (event: Expunge) => {
      if (event.path !== path || event.uid === undefined) return;
      // imapflow lowers its message count for EXPUNGE but not for VANISHED, and would then
      // take the server's next EXISTS for "nothing new" and never report that message.
      const mailbox = client.mailbox;
      if (
        event.vanished &&
        !event.earlier &&
        mailbox &&
        mailbox.path === path &&
        mailbox.exists > 0
      )
        mailbox.exists--;
      this.expunged(event.uid);
    });
    client.on('flags', (event: FlagsEvent) => {
      if (event.path !== path || event.uid === undefined) return;
      if (event.uid >= this.checkpointNow.uidNext) return;
      handlers.onFlags(
        path,
        event.uid,
        [...event.flags].filter((f) => f !== '\\Recent'),
      );
    });
    client.on('exists', (event: { path: string }) => {
      if (event.path === path) void this.serialized(() => this.fetchNew());
    });

    // imapflow sends SELECT … (QRESYNC (uidvalidity modseq)) for these; its types omit them.
    const qresync = checkpoint
      ? {
          uidValidity: BigInt(checkpoint.uidValidity),
          changedSince: BigInt(checkpoint.highestModseq),
        }
      : {};
    const mailbox = await client.mailboxOpen(path, qresync as ImapOpenOptions);
    const uidValidity = String(mailbox.uidValidity);
    const continues = checkpoint?.uidValidity === uidValidity;
    if (checkpoint && !continues) handlers.onReset(path);
    this.checkpointNow = {
      uidValidity,
      highestModseq: String(mailbox.highestModseq ?? 0n),
      uidNext: continues ? checkpoint.uidNext : mailbox.uidNext,
    };
    this.flushExpunged();
    if (continues) await this.fetchNew();
    if (options.notify && client.capabilities.has('NOTIFY')) await this.startNotify();
    const { everyMs } = options.liveness ?? defaultLiveness;
    this.probe = setInterval(() => void this.checkAlive(), everyMs);
    this.probe.unref();
  }

  /** Fetches and reports the messages from the last known UIDNEXT on. */
  private async fetchNew(): Promise<void> {
    if (this.closed) return;
    const { client, options } = this;
    const from = this.checkpointNow.uidNext;
    // `n:*` returns the last message even when n is past it, so the result is filtered.
    const messages = (await client.fetchAll(`${from}:*`, options.query, { uid: true })).filter(
      (m) => m.uid >= from,
    );
    if (messages.length === 0) return;
    this.checkpointNow.uidNext = Math.max(...messages.map((m) => m.uid)) + 1;
    options.handlers.onNew(options.path, messages);
  }

  /** Expunges come one UID per event: reported together, once the burst is over. */
  private expunged(uid: number): void {
    this.pendingExpunged.push(uid);
    if (this.pendingExpunged.length === 1) queueMicrotask(() => this.flushExpunged());
  }

  private flushExpunged(): void {
    const uids = this.pendingExpunged;
    if (uids.length === 0) return;
    this.pendingExpunged = [];
    this.options.handlers.onExpunged(this.options.path, uids);
  }

  /**
   * NOTIFY SET STATUS: the server pushes each other folder's counts now and whenever they change.
   * imapflow drops untagged STATUS and LIST responses that no command asked for, so handlers
   * are registered for them here; status() and list() must then never run on this connection,
   * since imapflow would fold the pushes into their answers.
   */
  private async startNotify(): Promise<void> {
    const raw = this.client as unknown as ExecClient;
    const { handlers } = this.options;
    raw.untaggedHandlers.STATUS = (response) => {
      const status = this.statusOf(response.attributes);
      if (status && status.path !== this.options.path) handlers.onStatus(status);
      return Promise.resolve();
    };
    raw.untaggedHandlers.LIST = () => {
      handlers.onFolderList();
      return Promise.resolve();
    };
    const atom = (value: string) => ({ type: 'ATOM', value });
    const events = (names: string[]) => names.map(atom);
    await this.onQuietConnection(async () => {
      const response = await raw.exec('NOTIFY', [
        atom('SET'),
        atom('STATUS'),
        [atom('SELECTED'), events(['MessageNew', 'MessageExpunge', 'FlagChange'])],
        [atom('PERSONAL'), events(['MessageNew', 'MessageExpunge', 'FlagChange', 'MailboxName'])],
      ]);
      response.next();
    });
    this.notifyOn = true;
  }

  /** STATUS of the selected folder through exec, so a push for another folder never mixes in. */
  private async statusOfSelected(): Promise<Omit<FolderStatus, 'path'>> {
    const raw = this.client as unknown as ExecClient;
    const path = this.options.path;
    let found: FolderStatus | undefined;
    await this.onQuietConnection(async () => {
      const response = await raw.exec(
        'STATUS',
        [
          { type: 'STRING', value: this.encodedPath(path) },
          ['MESSAGES', 'UNSEEN', 'UIDNEXT', 'UIDVALIDITY', 'HIGHESTMODSEQ'].map((value) => ({
            type: 'ATOM',
            value,
          })),
        ],
        {
          untagged: {
            STATUS: (untagged) => {
              const status = this.statusOf(untagged.attributes);
              if (status?.path === path) found = status;
              else if (status) this.options.handlers.onStatus(status);
              return Promise.resolve();
            },
          },
        },
      );
      response.next();
    });
    return found ?? {};
  }

  /**
   * Runs raw commands with IDLE ended: imapflow's own commands end it, exec() does not, and the
   * mailbox lock keeps it from starting again before exec() is sent.
   */
  private async onQuietConnection(work: () => Promise<void>): Promise<void> {
    const lock = await this.client.getMailboxLock(this.options.path);
    try {
      await this.client.noop();
      await work();
    } finally {
      lock.release();
    }
  }

  private statusOf(attributes: AttributeList | undefined): FolderStatus | undefined {
    const name = (attributes?.[0] as Attribute | undefined)?.value;
    const list = attributes?.[1];
    if (typeof name !== 'string' || !Array.isArray(list)) return undefined;
    const status: FolderStatus = { path: this.decodedPath(name) };
    for (let i = 0; i + 1 < list.length; i += 2) {
      const key = (list[i] as Attribute).value;
      const value = (list[i + 1] as Attribute).value;
      if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) continue;
      if (key === 'MESSAGES') status.messages = Number(value);
      else if (key === 'UNSEEN') status.unseen = Number(value);
      else if (key === 'UIDNEXT') status.uidNext = Number(value);
      else if (key === 'UIDVALIDITY') status.uidValidity = value;
      else if (key === 'HIGHESTMODSEQ' && status.path === this.options.path)
        this.checkpointNow.highestModseq = value;
    }
    return status;
  }

  /** Mailbox names are modified UTF-7 on the wire unless UTF8=ACCEPT is on (as imapflow does it). */
  private decodedPath(name: string): string {
    if (this.client.enabled.has('UTF8=ACCEPT') || !name.includes('&')) return name;
    return iconv.decode(Buffer.from(name), 'utf-7-imap');
  }

  private encodedPath(path: string): string {
    if (this.client.enabled.has('UTF8=ACCEPT') || !/[&\u0080-\uffff]/.test(path)) return path;
    return iconv.encode(path, 'utf-7-imap').toString();
  }

  /**
   * A NOOP every 30 s that must answer within 10 s (by default): a socket that died without a word (a NAT
   * timeout, a pulled cable) is otherwise noticed only after minutes. It also renews IDLE long
   * before the 29 minutes servers allow.
   */
  private async checkAlive(): Promise<void> {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'dead'>((resolve) => {
      timer = setTimeout(
        () => resolve('dead'),
        (this.options.liveness ?? defaultLiveness).deadlineMs,
      );
    });
    const answer = await Promise.race([
      this.serialized(() => this.client.noop()).then(
        () => 'alive' as const,
        () => 'dead' as const,
      ),
      deadline,
    ]);
    clearTimeout(timer);
    if (answer === 'dead') this.close();
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => {});
    return run;
  }

  private ended(): void {
    this.closed = true;
    clearInterval(this.probe);
    if (this.closeReported) return;
    this.closeReported = true;
    this.options.handlers.onClosed();
  }
}
