/**
 * GET /api/search?stream=1 for in:all, in-process against Dovecot: lines of progress as folders
 * finish, then the page; a folder that fails is reported and the rest still answer; the search
 * stops when the browser goes away.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as searchRoutes from '@/app/api/search/route';
import type { ImapClient } from '@/lib/imap/client';
import type { SearchPage, SearchStreamLine } from '@/lib/mail/types';
import { withOtherClient } from '../support/imap-append.ts';
import { seedDemo } from '../../scripts/stack/seed.ts';
import { bob, testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const word = 'quokkastream';
const folders = ['Stream one', 'Stream two', 'Stream three', 'Stream four'];
let search: typeof searchRoutes;
let cookie = '';
const account = { sid: 'search-stream-test', email: bob.email, password: bob.password };

beforeAll(async () => {
  search = await import('@/app/api/search/route');
  cookie = await signInCookie(bob, '192.0.2.88');
  await withOtherClient(bob, async (client) => {
    for (const [i, path] of folders.entries()) {
      await client.mailboxDelete(path).catch(() => undefined);
      await client.mailboxCreate(path);
      for (let n = 0; n <= i; n++) {
        const raw = [
          'From: Carol <carol@tern.test>',
          `To: ${bob.email}`,
          `Subject: ${word} ${path} ${n}`,
          `Date: Mon, 0${i + 1} Jul 2024 1${n}:00:00 +0000`,
          'Content-Type: text/plain',
          '',
          'Nothing else.',
        ].join('\r\n');
        await client.append(path, raw, [], new Date(`2024-07-0${i + 1}T1${n}:00:00Z`));
      }
    }
  });
}, 60_000);

afterAll(async () => {
  await withOtherClient(bob, async (client) => {
    for (const path of folders) await client.mailboxDelete(path).catch(() => undefined);
  });
  await closeServices();
});

function request(q: string, params: Record<string, string> = {}, signal?: AbortSignal) {
  const query = new URLSearchParams({ q, folder: 'INBOX', ...params });
  return search.GET(
    new Request(`${origin}/api/search?${query.toString()}`, { headers: { cookie }, signal }),
    { params: Promise.resolve({}) },
  );
}

/** The stream's lines as they come, until it ends. */
async function* lines(response: Response): AsyncGenerator<SearchStreamLine> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (text) yield JSON.parse(text) as SearchStreamLine;
    }
  }
  expect(buffered).toBe('');
}

async function allLines(response: Response): Promise<SearchStreamLine[]> {
  const all: SearchStreamLine[] = [];
  for await (const line of lines(response)) all.push(line);
  return all;
}

/** Makes `client.search` in one folder (or all) wait for `hold`, or fail when it rejects. */
async function holdSearchIn(path: string | undefined, hold: Promise<unknown>) {
  const proto = await services().pool.use(account, (client) =>
    Promise.resolve(Object.getPrototypeOf(client) as ImapClient),
  );
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
  const realSearch = proto.search;
  return vi.spyOn(proto, 'search').mockImplementation(async function (
    this: ImapClient,
    ...args: Parameters<ImapClient['search']>
  ) {
    if (path === undefined || (this.mailbox && this.mailbox.path === path)) await hold;
    return realSearch.apply(this, args);
  });
}

describe('GET /api/search?stream=1', () => {
  it('reports progress as folders finish, then the same page as without streaming', async () => {
    const response = await request(`subject:${word} in:all`, { stream: '1', limit: '5' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const all = await allLines(response);
    const done = all.at(-1)!;
    expect(done.type).toBe('done');
    const progress = all.filter((line) => line.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    const searched = progress.map((line) => line.searched);
    expect(searched).toEqual([...searched].sort((a, b) => a - b));
    expect(progress.at(-1)!.searched).toBe(progress.at(-1)!.folders);
    const plain = (await (
      await request(`subject:${word} in:all`, { limit: '5' })
    ).json()) as SearchPage;
    const { type: _, ...page } = done as Extract<SearchStreamLine, { type: 'done' }>;
    expect(page).toEqual(plain);
    expect(page.total).toBe(10);
    // Newest first across folders: folder four's three newest, then folder three's newest two.
    expect(page.messages.map((m) => m.subject)).toEqual([
      `${word} Stream four 3`,
      `${word} Stream four 2`,
      `${word} Stream four 1`,
      `${word} Stream four 0`,
      `${word} Stream three 2`,
    ]);
  });

  it('reports a folder that fails in the stream and finishes with the others', async () => {
    const failure = Promise.reject(new Error('connection reset'));
    failure.catch(() => {}); // rejected on purpose; awaited by the search in that folder
    const spy = await holdSearchIn('Stream two', failure);
    try {
      const all = await allLines(await request(`${word} in:all`, { stream: '1' }));
      const done = all.at(-1) as Extract<SearchStreamLine, { type: 'done' }>;
      expect(done.type).toBe('done');
      expect(done.failedFolders.map((f) => f.folder)).toEqual(['Stream two']);
      expect(done.total).toBe(8);
      expect(done.messages.every((m) => m.folder !== 'Stream two')).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('stops when the browser goes away, without searching the folders left', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Every folder's search waits, so the connections fill up and the other folders queue.
    const spy = await holdSearchIn(undefined, held);
    const stop = new AbortController();
    try {
      const response = await request(`${word} in:all`, { stream: '1' }, stop.signal);
      await vi.waitFor(() => expect(spy).toHaveBeenCalled());
      await new Promise((resolve) => setTimeout(resolve, 200));
      const busy = spy.mock.calls.length;
      stop.abort();
      release();
      // Folders that need no SEARCH (empty ones) may have reported; the search never finishes.
      expect((await allLines(response)).map((line) => line.type)).not.toContain('done');
      await new Promise((resolve) => setTimeout(resolve, 300));
      // The searches already sent finish; no folder still waiting for a connection starts.
      expect(spy.mock.calls.length).toBe(busy);
    } finally {
      release();
      spy.mockRestore();
    }
  });

  it('answers 400 before streaming when the query is bad', async () => {
    const response = await request('in:all before:yesterday', { stream: '1' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    // Later windows come from the cached matches, one plain request each.
    const later = await request(`${word} in:all`, { stream: '1', offset: '50' });
    expect(later.status).toBe(400);
    expect(await later.json()).toMatchObject({
      error: { message: 'stream: is only for the first window (offset 0)' },
    });
  });
});

describe('all folders with the 100,000-message folder', () => {
  const demo = testStack.users.find((u) => u.email.startsWith('demo@'))!;
  let demoCookie = '';

  beforeAll(async () => {
    seedDemo(testStack, demo.email, true, () => {});
    demoCookie = await signInCookie(demo, '192.0.2.89');
  }, 120_000);

  async function demoPage(q: string, params: Record<string, string> = {}): Promise<SearchPage> {
    const query = new URLSearchParams({ q, folder: 'INBOX', ...params });
    const response = await search.GET(
      new Request(`${origin}/api/search?${query.toString()}`, { headers: { cookie: demoCookie } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    return (await response.json()) as SearchPage;
  }

  it('merges thousands of scattered matches newest first, and pages through them', async () => {
    // Starred mail is scattered all over Big: its UIDs make a set too long for one command.
    const big = await demoPage('is:flagged', { folder: 'Big', limit: '1' });
    expect(big.total).toBeGreaterThan(1000);
    const first = await demoPage('is:flagged in:all', { limit: '20' });
    expect(first.failedFolders).toEqual([]);
    expect(first.total).toBeGreaterThanOrEqual(big.total);
    const dates = first.messages.map((m) => Date.parse(m.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const next = await demoPage('is:flagged in:all', { offset: '20', limit: '20' });
    expect(Date.parse(next.messages[0]!.date)).toBeLessThanOrEqual(dates.at(-1)!);
    const seen = new Set(first.messages.map((m) => `${m.folder}:${m.uid}`));
    expect(next.messages.some((m) => seen.has(`${m.folder}:${m.uid}`))).toBe(false);
  }, 120_000);
});
