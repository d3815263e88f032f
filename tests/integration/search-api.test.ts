/**
 * GET /api/search in-process against Dovecot: hand-made messages with known senders, subjects,
 * bodies (Cyrillic, Japanese, accented Latin in their own charsets), flags, dates and sizes, so
 * each operator's answer is known exactly.
 *
 * The test stack runs Dovecot's full-text search (dovecot-fts-xapian 1.5.5, Debian bookworm;
 * scripts/stack/dovecot-conf.ts) unless TERN_STACK_FTS=off. Xapian then answers every text
 * criterion, SUBJECT/FROM/TO/CC as well as BODY, and its answers differ from Dovecot's substring
 * search; where they do, a case says what a user gets with each (`withFts(plain, indexed)`):
 * - better: case and accents are ignored (creme finds crème, счет finds счёт);
 * - different: a quoted phrase finds messages with all its words, anywhere, in any order; a word
 *   of one character (会) finds nothing;
 * - worse, plugin bugs Tern cannot see: the last word of a text part is never indexed when no
 *   line break follows it (a one-part message's last word; in multipart mail every part's);
 *   words with a hyphen (Jean-Pierre) are never found; a header the plugin does not index
 *   (Content-Type) matches nothing.
 * Negated text terms (-from:carol) would make the plugin answer nothing at all: Tern searches
 * for them itself (lib/mail/search/criteria.ts, negatedByTern), and they work either way. So
 * does has:attachment, which Tern asks Dovecot by message structure (MIMEPART, lib/imap/sort.ts)
 * rather than by a Content-Type header the index would answer.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as messageRoutes from '@/app/api/folders/[path]/messages/route';
import type * as searchRoutes from '@/app/api/search/route';
import type { ImapClient } from '@/lib/imap/client';
import type { ApiError, MessagePage, SearchPage } from '@/lib/mail/types';
import { userMaildir } from '../../scripts/stack/options.ts';
import { doveadm } from '../../scripts/stack/seed.ts';
import { base64Lines } from '../support/encoders.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { alice, testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

/** What a case finds without full-text search, and with it. */
const withFts = <T>(plain: T, indexed: T): T => (testStack.fts ? indexed : plain);

const folder = 'Search fixtures';
const other = 'Search other place';
let search: typeof searchRoutes;
let messages: typeof messageRoutes;
let cookie = '';
const account = { sid: 'search-test', email: alice.email, password: alice.password };

/** Cyrillic in windows-1251 (А..я are 0xC0..0xFF, ё 0xB8), as a Russian mailer sends it. */
function windows1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const code = char.codePointAt(0)!;
      if (code < 0x80) return code;
      if (code === 0x451) return 0xb8;
      return code - 0x410 + 0xc0;
    }),
  );
}

const word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString('base64')}?=`;

function mime(headers: string[], body: string): string {
  return [
    'MIME-Version: 1.0',
    `Message-ID: <${Math.random().toString(36).slice(2)}@search.tern.test>`,
    ...headers,
    '',
    body,
  ].join('\r\n');
}

/**
 * Appended in this order (so UIDs ascend in it); the names are what the tests expect back. Some
 * bodies end in a sign-off so that the words the cases look for are not the last one, which
 * full-text search never finds (see above); the others keep that case.
 */
const fixtures = {
  russian: {
    raw: mime(
      [
        `From: ${word('Дмитрий Петров')} <dmitry@tern.test>`,
        `To: ${alice.email}`,
        `Subject: ${word('Счёт за март')}`,
        'Date: Sun, 10 Mar 2024 10:00:00 +0000',
        'Content-Type: text/plain; charset=windows-1251',
        'Content-Transfer-Encoding: base64',
      ],
      base64Lines(windows1251('Пожалуйста, оплатите счёт до пятницы.\r\nСпасибо')),
    ),
    flags: ['\\Seen'],
    date: '2024-03-10T10:00:00Z',
  },
  japanese: {
    raw: mime(
      [
        `From: ${word('田中 太郎')} <tanaka@tern.test>`,
        `To: ${alice.email}`,
        `Subject: ${word('会議の議事録')}`,
        'Date: Wed, 01 May 2024 09:00:00 +0900',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
      ],
      base64Lines(Buffer.from('明日の会議は東京で行います。\r\nよろしく')),
    ),
    flags: ['\\Flagged'],
    date: '2024-05-01T00:00:00Z',
  },
  french: {
    raw: mime(
      [
        '=?ISO-8859-1?Q?Zo=EB_Dupont?= <zoe@tern.test>'.replace(/^/, 'From: '),
        `To: ${alice.email}`,
        'Cc: Carol <carol@tern.test>',
        'Subject: =?ISO-8859-1?Q?Recette_de_cr=E8me_br=FBl=E9e?=',
        'Date: Wed, 15 Jan 2025 10:00:00 +0000',
        'Content-Type: text/plain; charset=ISO-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
      ],
      'Jean-Pierre dit que la cr=E8me br=FBl=E9e est pr=EAte.',
    ),
    flags: ['\\Seen', '\\Answered'],
    date: '2025-01-15T10:00:00Z',
  },
  report: {
    raw: mime(
      [
        'From: Bob <bob@tern.test>',
        `To: ${alice.email}`,
        'Subject: Quarterly report',
        'Date: Sun, 01 Jun 2025 10:00:00 +0000',
        'Content-Type: multipart/mixed; boundary="mix"',
      ],
      [
        '--mix',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The quarterly report is attached.',
        '--mix',
        'Content-Type: application/pdf; name="report.pdf"',
        'Content-Disposition: attachment; filename="report.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(Buffer.alloc(30_000, 7)),
        '--mix--',
      ].join('\r\n'),
    ),
    flags: ['\\Seen'],
    date: '2025-06-01T10:00:00Z',
  },
  lunch: {
    raw: mime(
      [
        'From: Bob <bob@tern.test>',
        `To: ${alice.email}`,
        'Subject: Lunch',
        'Date: Tue, 01 Jul 2025 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
      ],
      'Lunch first, the report on quarterly numbers later. Bring the xylophone.\r\nCheers',
    ),
    flags: [],
    date: '2025-07-01T10:00:00Z',
  },
  offsite: {
    raw: mime(
      [
        'From: Carol <carol@tern.test>',
        'To: Dave <dave@tern.test>',
        `Cc: ${alice.email}`,
        'Subject: Team offsite',
        'Date: Fri, 01 Aug 2025 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
      ],
      'The offsite is in Lyon.',
    ),
    flags: ['\\Seen'],
    date: '2025-08-01T10:00:00Z',
  },
};
type Name = keyof typeof fixtures;
const names = Object.keys(fixtures) as Name[];
const uidOf = {} as Record<Name, number>;
const nameOf = new Map<number, Name>();

beforeAll(async () => {
  search = await import('@/app/api/search/route');
  messages = await import('@/app/api/folders/[path]/messages/route');
  cookie = await signInCookie(alice, '192.0.2.87');
  await withOtherClient(alice, async (client) => {
    for (const path of [folder, other]) {
      await client.mailboxDelete(path).catch(() => undefined);
      await client.mailboxCreate(path);
    }
    for (const name of names) {
      const { raw, flags, date } = fixtures[name];
      const appended = await client.append(folder, raw, flags, new Date(date));
      uidOf[name] = appended ? (appended.uid ?? 0) : 0;
      nameOf.set(uidOf[name], name);
    }
    await client.append(
      other,
      mime(
        ['From: Bob <bob@tern.test>', 'Subject: Elsewhere xylophone', 'Content-Type: text/plain'],
        'x',
      ),
      ['\\Seen'],
    );
  });
}, 60_000);

afterAll(closeServices);

async function get(params: Record<string, string>): Promise<Response> {
  const query = new URLSearchParams({ folder, ...params });
  return search.GET(
    new Request(`${origin}/api/search?${query.toString()}`, { headers: { cookie } }),
    { params: Promise.resolve({}) },
  );
}

async function page(q: string, params: Record<string, string> = {}): Promise<SearchPage> {
  const response = await get({ q, ...params });
  if (response.status !== 200) throw new Error(`${q}: ${response.status} ${await response.text()}`);
  return (await response.json()) as SearchPage;
}

/** The fixtures a query finds, newest first. */
async function found(q: string): Promise<Name[]> {
  const result = await page(q);
  expect(result.total).toBe(result.messages.length);
  return result.messages.map((m) => nameOf.get(m.uid)!);
}

/** Names newest first, as results come. */
const newestFirst = (...list: Name[]) => names.filter((n) => list.includes(n)).reverse();

describe('GET /api/search', () => {
  it('answers list rows with their folder, newest first', async () => {
    const result = await page('');
    expect(result.total).toBe(names.length);
    expect(result.messages.map((m) => m.uid)).toEqual(names.map((n) => uidOf[n]).reverse());
    expect(result.failedFolders).toEqual([]);
    expect(Object.keys(result.uidValidity)).toEqual([folder]);
    const report = result.messages.find((m) => m.uid === uidOf.report)!;
    expect(report).toMatchObject({
      folder,
      subject: 'Quarterly report',
      from: [{ name: 'Bob', address: 'bob@tern.test' }],
      hasAttachments: true,
    });
  });

  it.each<[string, Name[]]>([
    ['from:bob', ['report', 'lunch']],
    ['from:dmitry@tern.test', ['russian']],
    ['to:carol', ['french']],
    ['to:dave', ['offsite']],
    [`to:${alice.email}`, names],
    ['subject:lunch', ['lunch']],
    ['subject:REPORT', ['report']],
    // The last word of the report's text part, and of the offsite's only part.
    ['body:attached', withFts(['report'], [])],
    ['body:Lyon', withFts(['offsite'], [])],
    ['lyon', withFts(['offsite'], [])],
    ['body:xylophone', ['lunch']],
    ['carol', ['french', 'offsite']],
    ['has:attachment', ['report']],
    ['-has:attachment', ['russian', 'japanese', 'french', 'lunch', 'offsite']],
    ['is:unread', ['japanese', 'lunch']],
    ['is:read', ['russian', 'french', 'report', 'offsite']],
    ['is:flagged', ['japanese']],
    ['is:answered', ['french']],
    ['after:2025-01-15', ['french', 'report', 'lunch', 'offsite']],
    ['before:2025-01-15', ['russian', 'japanese']],
    ['after:2024-04-01 before:2025-06-01', ['japanese', 'french']],
    ['larger:20k', ['report']],
    ['smaller:20k', ['russian', 'japanese', 'french', 'lunch', 'offsite']],
    // Lunch has both words, apart and the other way round.
    ['"quarterly report"', withFts(['report'], ['report', 'lunch'])],
    ['"report quarterly"', withFts([], ['report', 'lunch'])],
    ['quarterly report', ['report', 'lunch']],
    // With the index, lunch has the phrase's words too.
    ['report -"quarterly report"', withFts(['lunch'], [])],
    ['from:bob -has:attachment', ['lunch']],
    ['from:bob from:tern.test', ['report', 'lunch']],
    ['is:read after:2025-01-01 -from:carol', ['french', 'report']],
    ['-from:bob -subject:lunch', ['russian', 'japanese', 'french', 'offsite']],
    ['is:read after:2025-01-01 -is:answered', ['report', 'offsite']],
    ['nothing-matches-this', []],
    ['subject:"Team\toffsite"', ['offsite']],
    ['"x) OR ALL ("', []],
  ])('%s', async (q, expected) => {
    expect(await found(q)).toEqual(newestFirst(...expected));
  });

  it.each<[string, Name[]]>([
    ['from:Дмитрий', ['russian']],
    ['Петров', ['russian']],
    ['subject:счёт', ['russian']],
    ['subject:счет', withFts([], ['russian'])],
    ['body:пятницы', ['russian']],
    ['"счёт до пятницы"', ['russian']],
    ['from:田中', ['japanese']],
    ['会議', ['japanese']],
    ['subject:会', withFts(['japanese'], [])],
    ['body:東京', ['japanese']],
    ['subject:議事録 is:flagged', ['japanese']],
    ['from:Zoë', ['french']],
    ['"crème brûlée"', ['french']],
    ['subject:creme', withFts([], ['french'])],
    ['body:prête', withFts(['french'], [])],
    ['body:Jean-Pierre', withFts(['french'], [])],
    ['body:Pierre', ['french']],
    ['subject:Crème', ['french']],
  ])('non-ASCII: %s', async (q, expected) => {
    expect(await found(q)).toEqual(newestFirst(...expected));
  });

  it.runIf(testStack.fts)(
    "answers from the full-text index in the stack's own folder",
    async () => {
      // Only the index ignores accents: Dovecot's own search would not find crème.
      expect(await found('body:creme')).toEqual(['french']);
      const status = doveadm(testStack, [
        '-f',
        'flow',
        'mailbox',
        'status',
        '-u',
        alice.email,
        'guid',
        folder,
      ]);
      const guid = /guid=(\w+)/.exec(status)?.[1];
      const index = path.join(
        userMaildir(testStack.dir, alice.email),
        'xapian-indexes',
        `db_${guid}`,
      );
      expect(readdirSync(index)).toContain('iamglass');
    },
  );

  it("the message list's attachment filter works where the index covers the folder", async () => {
    // By structure (MIMEPART), like has:attachment: a Content-Type header search would be
    // answered by the index, with nothing.
    await found('body:report'); // a body search brings the index up to date first
    const segment = encodeURIComponent(folder);
    const response = await messages.GET(
      new Request(`${origin}/api/folders/${segment}/messages?filter=attachments`, {
        headers: { cookie },
      }),
      { params: Promise.resolve({ path: segment }) },
    );
    const list = (await response.json()) as MessagePage;
    expect(list.messages.map((m) => nameOf.get(m.uid))).toEqual(['report']);
  });

  it('searches a pasted line break inside quotes as a space, never a broken command', async () => {
    expect((await get({ q: '"Team\r\noffsite"' })).status).toBe(200);
  });

  it('pages through the matches', async () => {
    const first = await page('', { offset: '0', limit: '4' });
    const second = await page('', { offset: '4', limit: '4' });
    const past = await page('', { offset: '10', limit: '4' });
    expect(first.total).toBe(names.length);
    expect(first.messages).toHaveLength(4);
    expect(second.messages).toHaveLength(names.length - 4);
    expect([...first.messages, ...second.messages].map((m) => m.uid)).toEqual(
      names.map((n) => uidOf[n]).reverse(),
    );
    expect(past).toMatchObject({ total: names.length, messages: [] });
  });

  it('searches once per query: later pages come from the cached matches', async () => {
    const proto = await services().pool.use(account, (client) =>
      Promise.resolve(Object.getPrototypeOf(client) as ImapClient),
    );
    const searches = vi.spyOn(proto, 'search');
    try {
      const first = await page('to:tern.test larger:1', { offset: '0', limit: '2' });
      const second = await page('to:tern.test larger:1', { offset: '2', limit: '2' });
      expect(searches).toHaveBeenCalledTimes(1);
      expect([...first.messages, ...second.messages].map((m) => m.uid)).toEqual(
        names
          .map((n) => uidOf[n])
          .reverse()
          .slice(0, 4),
      );
    } finally {
      searches.mockRestore();
    }
  });

  it('searches the folder in: names instead of the current one', async () => {
    const result = await page(`from:bob in:"${other}"`);
    expect(result.messages.map((m) => [m.subject, m.folder])).toEqual([
      ['Elsewhere xylophone', other],
    ]);
    expect((await page('subject:Elsewhere', { folder: other })).total).toBe(1);
  });

  it('searches every folder with in:all, newest first', async () => {
    const result = await page('xylophone in:all');
    expect(result.messages.map((m) => [m.folder, m.subject])).toEqual([
      [other, 'Elsewhere xylophone'],
      [folder, 'Lunch'],
    ]);
    expect(result.total).toBe(2);
    expect(result.failedFolders).toEqual([]);
    expect(Object.keys(result.uidValidity)).toEqual(
      expect.arrayContaining(['INBOX', folder, other]),
    );
    const second = await page('xylophone in:all', { offset: '1', limit: '1' });
    expect(second.messages.map((m) => m.subject)).toEqual(['Lunch']);
  });

  it('reports a folder that fails and answers from the others', async () => {
    const proto = await services().pool.use(account, (client) =>
      Promise.resolve(Object.getPrototypeOf(client) as ImapClient),
    );
    // The real search, except in the one folder that fails as a dropped connection would.
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its own `this` below
    const realSearch = proto.search;
    const spy = vi.spyOn(proto, 'search').mockImplementation(function (
      this: ImapClient,
      ...args: Parameters<ImapClient['search']>
    ) {
      if (this.mailbox && this.mailbox.path === other)
        return Promise.reject(new Error('connection reset'));
      return realSearch.apply(this, args);
    });
    try {
      const result = await page('xylophone -is:flagged in:all');
      expect(result.messages.map((m) => [m.folder, m.subject])).toEqual([[folder, 'Lunch']]);
      expect(result.failedFolders.map((f) => f.folder)).toEqual([other]);
      // The pool's own words for a failed command, as the list would show them.
      expect(result.failedFolders[0]!.message).toBe('The mail server refused the request.');
    } finally {
      spy.mockRestore();
    }
  });

  it('sees new mail and changed flags on the next search', async () => {
    expect(await found('is:flagged')).toEqual(['japanese']);
    await withOtherClient(alice, async (client) => {
      await client.mailboxOpen(folder);
      await client.messageFlagsAdd(String(uidOf.lunch), ['\\Flagged'], { uid: true });
    });
    // The cached UIDs are for the folder's earlier version; the folder syncs within 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await found('is:flagged')).toEqual(newestFirst('japanese', 'lunch'));
    await withOtherClient(alice, async (client) => {
      await client.mailboxOpen(folder);
      await client.messageFlagsRemove(String(uidOf.lunch), ['\\Flagged'], { uid: true });
    });
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ q: 'foo:bar' }, /^q: There is no search operator "foo:".*\(at character 1\)$/],
    [{ q: 'report before:2024-13-01' }, /^q: There is no date 2024-13-01 \(at character 15\)$/],
    [{ q: 'larger:huge' }, /^q: Write sizes .*\(at character 8\)$/],
    [{ q: 'subject:"open' }, /^q: This quote is never closed.*\(at character 9\)$/],
    [{ q: 'from:' }, /^q: Give "from:" a value/],
    [{}, /^q: /],
    [{ q: 'x', limit: '500' }, /^limit: /],
    [{ q: 'x', folder: 'a\u0001b' }, /^folder: /],
  ])('400 for %j', async (params, message) => {
    const response = await get(params);
    expect(response.status).toBe(400);
    const body = (await response.json()) as ApiError;
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
  });

  it('404 for a folder that does not exist', async () => {
    const response = await get({ q: 'x', folder: 'No such folder here' });
    expect(response.status).toBe(404);
  });
});
