/**
 * The floor of the benchmark suite: Tern's IMAP work done by raw imapflow on one connection, with
 * nothing around it (no HTTP, no session, no JSON, no cache). Used in the suite's own process.
 */
import type { ImapFlow, SearchObject } from 'imapflow';
import { connectRaw, rowFields, type ReferenceServer } from './connect.ts';

export type { SearchObject };

interface Untagged {
  attributes?: Array<{ value?: unknown }>;
}
type Exec = (
  command: string,
  attributes: unknown[],
  options: { untagged: Record<string, (u: Untagged) => Promise<void>> },
) => Promise<{ next: () => void }>;

/** UID SORT (REVERSE DATE) ALL of the selected folder, newest first (imapflow has no SORT). */
export async function sortByDate(client: ImapFlow): Promise<number[]> {
  const uids: number[] = [];
  const exec = (client as unknown as { exec: Exec }).exec.bind(client);
  const response = await exec(
    'UID SORT',
    [
      [
        { type: 'ATOM', value: 'REVERSE' },
        { type: 'ATOM', value: 'DATE' },
      ],
      { type: 'ATOM', value: 'UTF-8' },
      { type: 'ATOM', value: 'ALL' },
    ],
    {
      untagged: {
        SORT: (u) => {
          for (const a of u.attributes ?? []) uids.push(Number(a.value));
          return Promise.resolve();
        },
      },
    },
  );
  response.next();
  return uids;
}

export class RawFloor {
  private selected: string | undefined;
  private readonly server: ReferenceServer;
  private readonly user: { email: string; password: string };
  private readonly client: ImapFlow;

  private constructor(
    server: ReferenceServer,
    user: { email: string; password: string },
    client: ImapFlow,
  ) {
    this.server = server;
    this.user = user;
    this.client = client;
  }

  static async connect(server: ReferenceServer, user: { email: string; password: string }) {
    return new RawFloor(server, user, await connectRaw(server, user));
  }

  /** A new connection: TCP, greeting, STARTTLS, LOGIN (what signing in costs IMAP); then closed. */
  async login(): Promise<number> {
    const started = performance.now();
    const client = await connectRaw(this.server, this.user);
    const ms = performance.now() - started;
    await client.logout().catch(() => client.close());
    return ms;
  }

  /** One LIST with STATUS of every folder (RFC 5819), as a folder list with counts needs. */
  async folderCounts(): Promise<number> {
    const folders = await this.client.list({
      statusQuery: { messages: true, unseen: true, uidNext: true, uidValidity: true },
    });
    return folders.length;
  }

  private async select(folder: string): Promise<void> {
    if (this.selected === folder) return;
    await this.client.mailboxOpen(folder);
    this.selected = folder;
  }

  /** The rows of `limit` messages newest first by arrival from `offset`: one FETCH by sequence. */
  async window(folder: string, total: number, offset: number, limit: number): Promise<number> {
    await this.select(folder);
    const to = total - offset;
    return (await this.client.fetchAll(`${Math.max(1, to - limit + 1)}:${to}`, rowFields)).length;
  }

  async sortedByDate(folder: string): Promise<number[]> {
    await this.select(folder);
    return sortByDate(this.client);
  }

  /** The rows of the given UIDs: one UID FETCH. */
  async rows(folder: string, uids: number[]): Promise<number> {
    await this.select(folder);
    return (await this.client.fetchAll(uids.join(','), rowFields, { uid: true })).length;
  }

  /** The rows of the window at `offset` newest first by date: UID SORT, then one UID FETCH. */
  async sortedWindow(folder: string, offset: number, limit: number): Promise<number> {
    const uids = await this.sortedByDate(folder);
    return this.rows(folder, uids.slice(offset, offset + limit));
  }

  /**
   * Changes the folder as another client would, and undoes the change: a keyword set on its
   * first message and cleared. Anything cached about the folder's state is out of date after.
   */
  async touch(folder: string): Promise<void> {
    await this.select(folder);
    await this.client.messageFlagsAdd('1', ['$TernBench']);
    await this.client.messageFlagsRemove('1', ['$TernBench']);
  }

  /** A message's whole source: one UID FETCH BODY[]. */
  async source(folder: string, uid: number): Promise<number> {
    await this.select(folder);
    const message = await this.client.fetchOne(String(uid), { source: true }, { uid: true });
    if (!message || !message.source?.length) throw new Error(`no source for UID ${uid}`);
    return message.source.length;
  }

  /** A message's structure, then one part downloaded and thrown away; answers its bytes. */
  async structureAndPart(folder: string, uid: number, partId: string): Promise<number> {
    await this.select(folder);
    await this.client.fetchOne(String(uid), { envelope: true, bodyStructure: true }, { uid: true });
    const { content } = await this.client.download(String(uid), partId, { uid: true });
    let bytes = 0;
    for await (const chunk of content as AsyncIterable<Buffer>) bytes += chunk.length;
    return bytes;
  }

  /** UID SEARCH, then the rows of the `limit` newest matches; answers the match count. */
  async searchFirstPage(folder: string, criteria: SearchObject, limit: number): Promise<number> {
    await this.select(folder);
    const found = await this.client.search(criteria, { uid: true });
    if (!found) throw new Error(`SEARCH failed: ${JSON.stringify(criteria)}`);
    const newest = found.sort((a, b) => b - a).slice(0, limit);
    if (newest.length > 0) await this.client.fetchAll(newest.join(','), rowFields, { uid: true });
    return found.length;
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}
