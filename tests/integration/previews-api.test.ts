/**
 * GET /api/folders/{path}/messages/previews in-process against Dovecot: hand-made messages for
 * each MIME shape, and generated mail for breadth.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as messageRoutes from '@/app/api/folders/[path]/messages/route';
import type * as previewRoutes from '@/app/api/folders/[path]/messages/previews/route';
import type { ImapClient } from '@/lib/imap/client';
import type { MessagePage, MessagePreviews, MessageSummary } from '@/lib/mail/types';
import { seed } from '../../scripts/stack/seed.ts';
import { alice, testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const folder = 'Previews';
const generated = 'Generated';
let messages: typeof messageRoutes;
let previewRoute: typeof previewRoutes;
let cookie = '';

/** A message as a mail client would send it, with CRLF line ends. */
function mime(headers: string[], body: string): string {
  return [
    'From: Bob <bob@tern.test>',
    `To: ${alice.email}`,
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...headers,
    '',
    body,
  ].join('\r\n');
}

const base64Lines = (bytes: Buffer) =>
  bytes.toString('base64').replace(/.{76}/g, '$&\r\n').trimEnd();

const longLatin1 = 'Déjà vu, à bientôt. '.repeat(200);
const samples = {
  plain: mime(
    ['Subject: Plain', 'Content-Type: text/plain; charset=utf-8'],
    [
      'Hi Alice,',
      '',
      'the quarterly report is ready.',
      '',
      'On Mon, 2 Mar 2026 at 09:00, Alice <alice@tern.test> wrote:',
      '> Where is the report?',
      '',
      '-- ',
      'Bob',
    ].join('\r\n'),
  ),
  html: mime(
    [
      'Subject: HTML only',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
    ],
    '<html><head><style>p { margin: 0 }</style></head><body><p>Dinner at <b>eight</b>? =\r\nL=C3=A9a is coming.</p></body></html>',
  ),
  alternative: mime(
    ['Subject: Alternative', 'Content-Type: multipart/alternative; boundary="alt"'],
    [
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'The plain version wins.',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>The HTML version</p>',
      '--alt--',
    ].join('\r\n'),
  ),
  legacy: mime(
    [
      'Subject: Legacy',
      'Content-Type: text/plain; charset=ISO-8859-1',
      'Content-Transfer-Encoding: base64',
    ],
    // Longer than the 2 KB fetched: the prefix ends inside a base64 group.
    base64Lines(Buffer.from(longLatin1, 'latin1')),
  ),
  japanese: mime(
    ['Subject: Japanese', 'Content-Type: text/plain; charset=ISO-2022-JP'],
    '\x1b$B$3$s$K$A$O\x1b(B Alice',
  ),
  attachmentOnly: mime(
    ['Subject: Scan', 'Content-Type: multipart/mixed; boundary="mix"'],
    [
      '--mix',
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Disposition: attachment; filename="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from('%PDF-1.4 not really a PDF')),
      '--mix--',
    ].join('\r\n'),
  ),
  mixed: mime(
    ['Subject: Mixed', 'Content-Type: multipart/mixed; boundary="mix"'],
    [
      '--mix',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/plain; charset=windows-1252',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '=93Invoice=94 attached, =8012.',
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Invoice attached</p>',
      '--alt--',
      '--mix',
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      '',
      'Not the preview.',
      '--mix--',
    ].join('\r\n'),
  ),
};
type Sample = keyof typeof samples;
const uids = {} as Record<Sample, number>;

const account = { sid: 'previews-test', email: alice.email, password: alice.password };

beforeAll(async () => {
  seed(testStack, { user: alice.email, count: 120, folder: generated, seed: 31 }, () => {});
  messages = await import('@/app/api/folders/[path]/messages/route');
  previewRoute = await import('@/app/api/folders/[path]/messages/previews/route');
  cookie = await signInCookie(alice, '192.0.2.98');
  await services().pool.use(account, async (client) => {
    await client.mailboxCreate(folder);
    for (const [name, raw] of Object.entries(samples)) {
      const appended = await client.append(folder, raw, ['\\Seen']);
      uids[name as Sample] = appended ? (appended.uid ?? 0) : 0;
    }
  });
}, 120_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await closeServices();
});

async function previews(path: string, query: string): Promise<Response> {
  const segment = encodeURIComponent(path);
  return previewRoute.GET(
    new Request(`${origin}/api/folders/${segment}/messages/previews${query}`, {
      headers: { cookie },
    }),
    { params: Promise.resolve({ path: segment }) },
  );
}

/** imapflow's prototype, to watch what every connection sends. */
function imapPrototype(): Promise<ImapClient> {
  return services().pool.use(account, (client) =>
    Promise.resolve(Object.getPrototypeOf(client) as ImapClient),
  );
}

async function rows(path: string): Promise<MessageSummary[]> {
  const segment = encodeURIComponent(path);
  const response = await messages.GET(
    new Request(`${origin}/api/folders/${segment}/messages?limit=50`, { headers: { cookie } }),
    { params: Promise.resolve({ path: segment }) },
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as MessagePage).messages;
}

async function okPreviews(path: string, list: number[]): Promise<Record<string, string>> {
  const response = await previews(path, `?uids=${list.join(',')}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as MessagePreviews).previews;
}

describe('GET /api/folders/{path}/messages/previews', () => {
  it('previews each MIME shape from its first text part', async () => {
    const answer = await okPreviews(folder, Object.values(uids));
    const of = (name: Sample) => answer[uids[name]];
    expect(of('plain')).toBe('Hi Alice, the quarterly report is ready.');
    expect(of('html')).toBe('Dinner at eight? Léa is coming.');
    expect(of('alternative')).toBe('The plain version wins.');
    expect(of('japanese')).toBe('こんにちは Alice');
    expect(of('mixed')).toBe('“Invoice” attached, €12.');
    expect(of('attachmentOnly')).toBe('');
    const legacy = of('legacy')!;
    expect(legacy.startsWith('Déjà vu, à bientôt. Déjà vu,')).toBe(true);
    expect(legacy.length).toBeLessThanOrEqual(200);
    expect(legacy).not.toContain('\ufffd');
  });

  it('leaves out UIDs that are not in the folder', async () => {
    const answer = await okPreviews(folder, [uids.plain, 999_999]);
    expect(Object.keys(answer)).toEqual([String(uids.plain)]);
    expect(await okPreviews(folder, [999_998])).toEqual({});
  });

  it('answers a second time from the cache, without asking the mail server', async () => {
    const list = [uids.alternative, uids.japanese];
    const first = await okPreviews(folder, list);
    const fetchAll = vi.spyOn(await imapPrototype(), 'fetchAll');
    const again = await okPreviews(folder, list);
    expect(fetchAll).not.toHaveBeenCalled();
    fetchAll.mockRestore();
    expect(again).toEqual(first);
  });

  it('brings the previews fetched before along with the rows of a window', async () => {
    const late = await services().pool.use(account, (client) =>
      client.append(folder, mime(['Subject: Late'], 'Arrived late.'), ['\\Seen']),
    );
    const lateUid = late ? late.uid! : 0;
    // Another connection added it: Tern's own changes make the next listing sync at once.
    services().messageCache.markChanged(account.email, folder);
    const rowOf = (list: MessageSummary[], uid: number) => list.find((row) => row.uid === uid);

    const before = await rows(folder);
    expect(rowOf(before, lateUid)).toBeDefined();
    expect(rowOf(before, lateUid)).not.toHaveProperty('preview');
    expect(rowOf(before, uids.plain)?.preview).toBe('Hi Alice, the quarterly report is ready.');
    expect(rowOf(before, uids.attachmentOnly)?.preview).toBe('');

    expect(await okPreviews(folder, [lateUid])).toEqual({ [lateUid]: 'Arrived late.' });
    expect(rowOf(await rows(folder), lateUid)?.preview).toBe('Arrived late.');
  });

  it('previews generated mail of every kind, 50 at a time, each short and readable', async () => {
    const shown = (await rows(generated)).map((m) => m.uid);
    expect(shown).toHaveLength(50);
    const fetchAll = vi.spyOn(await imapPrototype(), 'fetchAll');
    const answer = await okPreviews(generated, shown);
    const queries = fetchAll.mock.calls.map(([, query]) => query);
    fetchAll.mockRestore();
    // BODYSTRUCTURE, then one partial FETCH per part number and length, not one per message.
    expect(queries.length).toBeLessThanOrEqual(6);
    for (const query of queries.slice(1)) {
      const [part, ...more] = query.bodyParts ?? [];
      expect(more).toEqual([]);
      expect(part).toMatchObject({ key: /^\d+(\.\d+)*$/ });
      expect((part as { maxLength?: number }).maxLength).toBeLessThanOrEqual(8192);
    }
    expect(Object.keys(answer)).toHaveLength(50);
    const texts = Object.values(answer);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(200);
      expect(text).not.toMatch(/[\ufffd<>]|^\s|\s$|\s{2}/);
    }
    expect(texts.filter((t) => t !== '').length).toBeGreaterThan(40);
  });

  it.each([
    ['', 'uids: must list message UIDs, separated by commas'],
    ['?uids=', 'uids: must list message UIDs, separated by commas'],
    ['?uids=1,,2', 'uids: must list message UIDs, separated by commas'],
    ['?uids=1:5', 'uids: must list message UIDs, separated by commas'],
    ['?uids=-1', 'uids: must list message UIDs, separated by commas'],
    ['?uids=0', 'uids: must be UIDs from 1 to 4294967295'],
    ['?uids=4294967296', 'uids: must be UIDs from 1 to 4294967295'],
    [
      `?uids=${Array.from({ length: 201 }, (_, i) => i + 1).join(',')}`,
      'uids: must list at most 200 UIDs',
    ],
    ['?uids=1&uids=2', 'uids: is given more than once'],
  ])('refuses %s with 400', async (query, message) => {
    const response = await previews(folder, query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'invalid_request', message } });
  });

  it('answers 404 for a folder that does not exist, and 401 without a session', async () => {
    const missing = await previews('No such folder', '?uids=1');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const signedOut = await previewRoute.GET(
      new Request(`${origin}/api/folders/INBOX/messages/previews?uids=1`),
      { params: Promise.resolve({ path: 'INBOX' }) },
    );
    expect(signedOut.status).toBe(401);
  });
});
