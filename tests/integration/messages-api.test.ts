/**
 * /api/folders and /api/folders/{path}/messages in-process against Dovecot, with the demo mailbox
 * and a 100,000-message folder seeded once for this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as folderRoutes from '@/app/api/folders/route';
import type * as folderPathRoutes from '@/app/api/folders/[path]/route';
import type * as copyRoutes from '@/app/api/folders/[path]/messages/copy/route';
import type * as moveRoutes from '@/app/api/folders/[path]/messages/move/route';
import type * as messageRoutes from '@/app/api/folders/[path]/messages/route';
import type { Folder, FolderList, MessageActionResult, MessagePage } from '@/lib/mail/types';
import { messageCount, seed, seedDemo } from '../../scripts/stack/seed.ts';
import { testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const demo = testStack.users.find((u) => u.email.startsWith('demo@'))!;
let folders: typeof folderRoutes;
let folder: typeof folderPathRoutes;
let messages: typeof messageRoutes;
let move: typeof moveRoutes;
let copy: typeof copyRoutes;
let cookie = '';

beforeAll(async () => {
  seedDemo(testStack, demo.email, true, () => {});
  folders = await import('@/app/api/folders/route');
  folder = await import('@/app/api/folders/[path]/route');
  messages = await import('@/app/api/folders/[path]/messages/route');
  move = await import('@/app/api/folders/[path]/messages/move/route');
  copy = await import('@/app/api/folders/[path]/messages/copy/route');
  cookie = await signInCookie(demo, '192.0.2.99');
}, 120_000);

afterAll(closeServices);

async function listFolders(): Promise<Folder[]> {
  const response = await folders.GET(
    new Request(`${origin}/api/folders`, { headers: { cookie } }),
    {
      params: Promise.resolve({}),
    },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as FolderList).folders;
}

async function page(folder: string, query = ''): Promise<Response> {
  const segment = encodeURIComponent(folder);
  return messages.GET(
    new Request(`${origin}/api/folders/${segment}/messages${query}`, { headers: { cookie } }),
    { params: Promise.resolve({ path: segment }) },
  );
}

async function okPage(folder: string, query = ''): Promise<MessagePage> {
  const response = await page(folder, query);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as MessagePage;
}

describe('GET /api/folders', () => {
  it('lists INBOX, then the special-use folders, then the rest as a tree, with counts', async () => {
    const list = await listFolders();
    expect(list.map((f) => f.path)).toEqual([
      'INBOX',
      'Drafts',
      'Sent',
      'Archive',
      'Junk',
      'Trash',
      'Big',
      'Projects',
      'Projects/Tern',
      'Receipts',
    ]);
    const byPath = new Map(list.map((f) => [f.path, f]));
    expect(byPath.get('INBOX')).toMatchObject({ name: 'Inbox', specialUse: 'inbox', parent: null });
    expect(byPath.get('Sent')).toMatchObject({ specialUse: 'sent', subscribed: true });
    expect(byPath.get('Projects/Tern')).toMatchObject({
      name: 'Tern',
      parent: 'Projects',
      delimiter: '/',
    });
    for (const folder of ['INBOX', 'Archive', 'Big', 'Projects/Tern'])
      expect(byPath.get(folder)?.total).toBe(messageCount(testStack, demo.email, folder));
    const inbox = byPath.get('INBOX')!;
    expect(inbox.unseen).toBeGreaterThan(0);
    expect(inbox.unseen).toBeLessThan(inbox.total);
  });

  it('answers 401 without a session', async () => {
    const response = await folders.GET(new Request(`${origin}/api/folders`), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(401);
  });
});

describe('GET /api/folders/{path}/messages', () => {
  it('answers the newest 50 by arrival by default, with the row fields', async () => {
    const result = await okPage('INBOX');
    expect(result.total).toBe(messageCount(testStack, demo.email, 'INBOX'));
    expect(result.uidValidity).toMatch(/^\d+$/);
    expect(result.messages).toHaveLength(50);
    const uids = result.messages.map((m) => m.uid);
    expect(uids).toEqual([...uids].sort((a, b) => b - a));
    expect(uids[0]).toBe(result.total); // a freshly seeded folder numbers UIDs 1..n
    const row = result.messages[0]!;
    expect(typeof row.subject).toBe('string');
    expect(row.size).toBeGreaterThan(0);
    expect(new Date(row.date).toString()).not.toBe('Invalid Date');
    expect(row.from[0]?.address).toContain('@');
    expect(Array.isArray(row.flags)).toBe(true);
    expect(result.messages.some((m) => m.hasAttachments)).toBe(true);
    expect(result.messages.some((m) => !m.hasAttachments)).toBe(true);
  });

  it('answers 20 parallel requests of one user across two folders, each from its own folder', async () => {
    const folders = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'Archive' : 'INBOX'));
    const pages = await Promise.all(folders.map((f) => okPage(f, '?limit=5')));
    const totals = {
      INBOX: messageCount(testStack, demo.email, 'INBOX'),
      Archive: messageCount(testStack, demo.email, 'Archive'),
    };
    pages.forEach((result, i) => {
      const folder = folders[i] as keyof typeof totals;
      expect(result.total).toBe(totals[folder]);
      expect(result.messages[0]?.uid).toBe(pages[i % 2]!.messages[0]?.uid);
    });
  });

  it('answers any window of a 100,000-message folder, and an empty page past the end', async () => {
    const middle = await okPage('Big', '?offset=50000&limit=50');
    expect(middle.total).toBe(100_000);
    expect(middle.messages.map((m) => m.uid)).toEqual(
      Array.from({ length: 50 }, (_, i) => 50_000 - i),
    );
    const end = await okPage('Big', '?offset=99990&limit=50');
    expect(end.messages.map((m) => m.uid)).toEqual(Array.from({ length: 10 }, (_, i) => 10 - i));
    const oldestFirst = await okPage('Big', '?order=asc&limit=3');
    expect(oldestFirst.messages.map((m) => m.uid)).toEqual([1, 2, 3]);
    const past = await okPage('Big', '?offset=100000');
    expect(past).toMatchObject({ total: 100_000, messages: [] });
  });

  it('sorts by date, sender, subject and size with the server’s SORT', async () => {
    const byDate = await okPage('Archive', '?sort=date&order=desc&limit=200');
    const dates = byDate.messages.map((m) => Date.parse(m.date));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(byDate.total).toBe(messageCount(testStack, demo.email, 'Archive'));

    const bySize = await okPage('Archive', '?sort=size&order=asc&limit=200');
    const sizes = bySize.messages.map((m) => m.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    const bySender = await okPage('Archive', '?sort=from&order=asc&limit=200');
    expect(bySender.messages).toHaveLength(byDate.messages.length);
    const bySubject = await okPage('Archive', '?sort=subject&order=asc&limit=50&offset=10');
    expect(bySubject.messages).toHaveLength(50);
  });

  it('filters to unread, starred and with attachments across the whole folder', async () => {
    const inbox = (await listFolders()).find((f) => f.path === 'INBOX')!;
    const unseen = await okPage('INBOX', '?filter=unseen&limit=200');
    expect(unseen.total).toBe(inbox.unseen);
    expect(unseen.messages.every((m) => !m.flags.includes('\\Seen'))).toBe(true);
    const uids = unseen.messages.map((m) => m.uid);
    expect(uids).toEqual([...uids].sort((a, b) => b - a));

    const flagged = await okPage('INBOX', '?filter=flagged&limit=200');
    expect(flagged.total).toBeGreaterThan(0);
    expect(flagged.messages.every((m) => m.flags.includes('\\Flagged'))).toBe(true);

    const attachments = await okPage('INBOX', '?filter=attachments&limit=200');
    expect(attachments.total).toBeGreaterThan(0);
    expect(attachments.messages.every((m) => m.hasAttachments)).toBe(true);
  });

  it('shows flags changed since a window was cached', async () => {
    const before = await okPage('Projects', '?limit=5');
    const target = before.messages.find((m) => !m.flags.includes('\\Flagged'))!;
    await services().pool.use(
      { sid: 'test', email: demo.email, password: demo.password },
      (client) => client.messageFlagsAdd(String(target.uid), ['\\Flagged'], { uid: true }),
      { folder: 'Projects' },
    );
    // Another client's change: Tern's connection syncs with the server at most 2 s later.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const after = await okPage('Projects', '?limit=5');
    expect(after.messages.find((m) => m.uid === target.uid)?.flags).toContain('\\Flagged');
    const flagged = await okPage('Projects', '?filter=flagged&limit=200');
    expect(flagged.messages.map((m) => m.uid)).toContain(target.uid);
  });

  it('shows new mail at once when asked to refresh, and within moments while polled', async () => {
    const before = await okPage('Receipts', '?limit=1');
    seed(testStack, { user: demo.email, count: 1, folder: 'Receipts', seed: 31 }, () => {});
    const refreshed = await okPage('Receipts', '?limit=1&refresh=1');
    expect(refreshed.total).toBe(before.total + 1);
    expect(refreshed.messages[0]!.uid).toBeGreaterThan(before.messages[0]!.uid);

    // Requests less than the sync interval apart must not put the sync off for ever.
    seed(testStack, { user: demo.email, count: 1, folder: 'Receipts', seed: 32 }, () => {});
    const started = Date.now();
    let total = refreshed.total;
    while (total === refreshed.total && Date.now() - started < 5000) {
      total = (await okPage('Receipts', '?limit=1')).total;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(total).toBe(refreshed.total + 1);
  });

  it.each([
    ['?limit=201', 'limit: must be at most 200'],
    ['?limit=0', 'limit: must be at least 1'],
    ['?offset=-1', 'offset: must be 0 or more'],
    ['?offset=ten', 'offset: must be a whole number'],
    ['?sort=colour', 'sort: must be one of arrival, date, from, subject, size'],
    ['?order=up', 'order: must be asc or desc'],
    ['?filter=new', 'filter: must be one of all, unseen, flagged, attachments'],
    ['?limit=10&limit=20', 'limit: is given more than once'],
    ['?refresh=yes', 'refresh: must be 0 or 1'],
  ])('refuses %s with 400', async (query, message) => {
    const response = await page('INBOX', query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_request', message } });
  });

  it('answers 404 for a folder that does not exist and 400 for a malformed name', async () => {
    const missing = await page('No such folder');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const malformed = await messages.GET(
      new Request(`${origin}/api/folders/x%ZZ/messages`, { headers: { cookie } }),
      { params: Promise.resolve({ path: 'x%ZZ' }) },
    );
    expect(malformed.status).toBe(400);
  });
});

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/** A state-changing request as Tern's own page sends it. */
async function send(
  handler: Handler,
  method: string,
  folder: string,
  body: unknown,
): Promise<{ status: number; json: unknown }> {
  const segment = encodeURIComponent(folder);
  const response = await handler(
    new Request(`${origin}/api/folders/${segment}/messages`, {
      method,
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({ path: segment }) },
  );
  return { status: response.status, json: await response.json() };
}

async function count(folder: string): Promise<{ total: number; unseen: number }> {
  const found = (await listFolders()).find((f) => f.path === folder)!;
  return { total: found.total, unseen: found.unseen };
}

describe('changing messages', () => {
  it('adds and removes flags on chosen messages, reporting UIDs that are not there', async () => {
    const rows = (await okPage('Receipts', '?limit=3')).messages;
    const uids = rows.map((m) => m.uid);
    const added = await send(messages.PATCH, 'PATCH', 'Receipts', {
      uids: [...uids, 999_999],
      add: ['\\Flagged', '$Important'],
    });
    expect(added).toEqual({ status: 200, json: { affected: 3, missing: [999_999] } });
    const after = (await okPage('Receipts', '?limit=3')).messages;
    for (const row of after)
      expect(row.flags).toEqual(expect.arrayContaining(['\\Flagged', '$Important']));

    const removed = await send(messages.PATCH, 'PATCH', 'Receipts', {
      uids,
      remove: ['\\Flagged'],
    });
    expect(removed.status).toBe(200);
    const cleared = (await okPage('Receipts', '?limit=3')).messages;
    for (const row of cleared) expect(row.flags).not.toContain('\\Flagged');
  });

  it('marks a whole folder read without listing its messages', async () => {
    expect((await count('Receipts')).unseen).toBeGreaterThan(0);
    const result = await send(messages.PATCH, 'PATCH', 'Receipts', { all: true, add: ['\\Seen'] });
    expect(result.status).toBe(200);
    expect((await count('Receipts')).unseen).toBe(0);
  });

  it('moves and copies messages, and says when the destination is wrong', async () => {
    const source = await count('Projects/Tern');
    const archive = await count('Archive');
    const uids = (await okPage('Projects/Tern', '?limit=2')).messages.map((m) => m.uid);
    const moved = await send(move.POST, 'POST', 'Projects/Tern', { uids, to: 'Archive' });
    expect(moved).toMatchObject({ status: 200, json: { affected: 2, missing: [] } });
    // Where they went, so the move can be undone.
    const { destination } = moved.json as MessageActionResult;
    expect(destination?.folder).toBe('Archive');
    const archived = (await okPage('Archive', '?limit=5')).messages.map((m) => m.uid);
    expect(archived).toEqual(expect.arrayContaining(destination!.uids));
    expect((await count('Projects/Tern')).total).toBe(source.total - 2);
    expect((await count('Archive')).total).toBe(archive.total + 2);

    const drafts = await count('Drafts');
    const projects = await count('Projects');
    const copied = await send(copy.POST, 'POST', 'Drafts', { all: true, to: 'Projects' });
    expect(copied.status).toBe(200);
    expect((await count('Projects')).total).toBe(projects.total + drafts.total);
    expect((await count('Drafts')).total).toBe(drafts.total);

    expect((await send(move.POST, 'POST', 'Drafts', { all: true, to: 'Nowhere' })).status).toBe(
      404,
    );
    expect((await send(move.POST, 'POST', 'Drafts', { all: true, to: 'Drafts' })).status).toBe(400);
  });

  it('deletes to Trash, and for good from Trash', async () => {
    const junk = await count('Junk');
    const trash = await count('Trash');
    const uids = (await okPage('Junk', '?limit=2')).messages.map((m) => m.uid);
    const deleted = await send(messages.DELETE, 'DELETE', 'Junk', { uids });
    expect(deleted).toMatchObject({
      status: 200,
      json: { affected: 2, missing: [], destination: { folder: 'Trash' } },
    });
    expect((await count('Junk')).total).toBe(junk.total - 2);
    expect((await count('Trash')).total).toBe(trash.total + 2);

    const inTrash = (await okPage('Trash', '?limit=1')).messages.map((m) => m.uid);
    const purged = await send(messages.DELETE, 'DELETE', 'Trash', { uids: inTrash });
    expect(purged.status).toBe(200);
    expect((await count('Trash')).total).toBe(trash.total + 1);
  });

  it.each([
    ['no selection', { add: ['\\Seen'] }],
    ['both uids and all', { uids: [1], all: true, add: ['\\Seen'] }],
    ['no flags', { uids: [1] }],
    ['a flag users may not set', { uids: [1], add: ['\\Deleted'] }],
    ['a flag with spaces', { uids: [1], add: ['a b'] }],
    ['a UID that is not a number', { uids: ['1:*'], add: ['\\Seen'] }],
  ])('refuses a flag change with %s (400)', async (_, body) => {
    const result = await send(messages.PATCH, 'PATCH', 'INBOX', body);
    expect(result.status).toBe(400);
  });
});

/** A folder request as Tern's own page sends it; `path` undefined for POST /api/folders. */
async function folderRequest(
  method: 'POST' | 'PATCH' | 'DELETE',
  path: string | undefined,
  body: unknown = {},
): Promise<{ status: number; json: unknown }> {
  const segment = path === undefined ? '' : `/${encodeURIComponent(path)}`;
  const request = new Request(`${origin}/api/folders${segment}`, {
    method,
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const context = { params: Promise.resolve({ path: encodeURIComponent(path ?? '') }) };
  const response =
    method === 'POST'
      ? await folders.POST(request, context)
      : method === 'PATCH'
        ? await folder.PATCH(request, context)
        : await folder.DELETE(request, context);
  return { status: response.status, json: response.status === 204 ? null : await response.json() };
}

describe('managing folders', () => {
  it('creates folders, nested too, and refuses bad or taken names', async () => {
    const created = await folderRequest('POST', undefined, { name: 'Clients' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      path: 'Clients',
      parent: null,
      subscribed: true,
      total: 0,
    });
    const nested = await folderRequest('POST', undefined, { parent: 'Clients', name: 'Acme' });
    expect(nested).toMatchObject({
      status: 201,
      json: { path: 'Clients/Acme', parent: 'Clients' },
    });

    expect((await folderRequest('POST', undefined, { name: 'Clients' })).status).toBe(409);
    expect((await folderRequest('POST', undefined, { name: 'a/b' })).status).toBe(400);
    expect((await folderRequest('POST', undefined, { name: '  ' })).status).toBe(400);
    expect((await folderRequest('POST', undefined, { name: 'x'.repeat(201) })).status).toBe(400);
    expect((await folderRequest('POST', undefined, { name: 'tab\there' })).status).toBe(400);
    expect((await folderRequest('POST', undefined, { parent: 'Nope', name: 'x' })).status).toBe(
      404,
    );
  });

  it('renames, moves and unsubscribes a folder', async () => {
    const renamed = await folderRequest('PATCH', 'Clients/Acme', { name: 'Acme Corp' });
    expect(renamed).toMatchObject({ status: 200, json: { path: 'Clients/Acme Corp' } });
    const moved = await folderRequest('PATCH', 'Clients/Acme Corp', { parent: null });
    expect(moved).toMatchObject({ status: 200, json: { path: 'Acme Corp', parent: null } });
    const quiet = await folderRequest('PATCH', 'Acme Corp', { subscribed: false });
    expect(quiet).toMatchObject({ status: 200, json: { subscribed: false } });
    expect((await folderRequest('PATCH', 'Acme Corp', { parent: 'Acme Corp' })).status).toBe(400);
    expect((await folderRequest('PATCH', 'Acme Corp', { name: 'Clients' })).status).toBe(409);
  });

  it('keeps INBOX and the special folders in place', async () => {
    expect((await folderRequest('PATCH', 'INBOX', { name: 'Old' })).status).toBe(403);
    expect((await folderRequest('PATCH', 'Sent', { name: 'Outbox' })).status).toBe(403);
    expect((await folderRequest('DELETE', 'INBOX')).status).toBe(403);
    expect((await folderRequest('DELETE', 'Trash')).status).toBe(403);
    expect((await folderRequest('PATCH', 'Missing', { name: 'x' })).status).toBe(404);
    expect((await folderRequest('DELETE', 'Missing')).status).toBe(404);
  });

  it('deletes folders, but not one that still holds others', async () => {
    await folderRequest('POST', undefined, { parent: 'Clients', name: 'Inner' });
    expect((await folderRequest('DELETE', 'Clients')).status).toBe(409);
    expect((await folderRequest('DELETE', 'Clients/Inner')).status).toBe(204);
    expect((await folderRequest('DELETE', 'Clients')).status).toBe(204);
    expect((await folderRequest('DELETE', 'Acme Corp')).status).toBe(204);
    const paths = (await listFolders()).map((f) => f.path);
    expect(paths).not.toContain('Clients');
    expect(paths).not.toContain('Acme Corp');
  });
});
