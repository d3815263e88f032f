/**
 * Reading one message and downloading its parts, in-process against Dovecot, with hand-made
 * messages for each shape: HTML with inline images, attachments and hostile markup, plain text,
 * legacy charsets, and a 5 MB attachment streamed back byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as messageRoutes from '@/app/api/folders/[path]/messages/[uid]/route';
import type * as partRoutes from '@/app/api/folders/[path]/messages/[uid]/parts/[partId]/route';
import type * as sourceRoutes from '@/app/api/folders/[path]/messages/[uid]/source/route';
import type * as zipRoutes from '@/app/api/folders/[path]/messages/[uid]/attachments/route';
import type * as threadRoutes from '@/app/api/folders/[path]/messages/[uid]/thread/route';
import type { MessageView } from '@/lib/mail/types';
import { deliverRaw } from '../../scripts/stack/seed.ts';
import { png, uuencode } from '../support/encoders.ts';
import { alice, testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

const folder = 'Reading';
let messageRoute: typeof messageRoutes;
let partRoute: typeof partRoutes;
let sourceRoute: typeof sourceRoutes;
let zipRoute: typeof zipRoutes;
let threadRoute: typeof threadRoutes;
let cookie = '';

const base64Lines = (bytes: Buffer) =>
  bytes.toString('base64').replace(/.{76}/g, '$&\r\n').trimEnd();
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3000)]);
const big = randomBytes(5 * 1024 * 1024);

function mime(headers: string[], body: string): string {
  return [
    'From: "Bob Sender" <bob@tern.test>',
    `To: ${alice.email}, Carol <carol@tern.test>`,
    'Cc: Dan <dan@tern.test>',
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'Message-ID: <reading-1@tern.test>',
    'MIME-Version: 1.0',
    ...headers,
    '',
    body,
  ].join('\r\n');
}

/** Text longer than Tern shows at once: 2.5 MB, its last line saying so. */
const longText = `${'All work and no play makes a long mail. '.repeat(64_000)}\r\nThe very end.`;
const samples = {
  rich: mime(
    [
      'Subject: =?UTF-8?Q?Quarterly_r=C3=A9port?=',
      'In-Reply-To: <q1@tern.test>',
      'References: <q0@tern.test>\r\n <q1@tern.test>',
      'List-Unsubscribe: <https://lists.tern.test/u?id=9>, <mailto:leave@tern.test>',
      'Content-Type: multipart/mixed; boundary="mix"',
    ],
    [
      '--mix',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p onclick="alert(1)">Numbers <b>inside</b>.</p><img src="cid:chart@tern.test" alt="chart">',
      '<img src="https://tracker.example/open.gif"><script>alert(1)</script>',
      '<a href="https://tern.test/report">report</a>',
      '--rel',
      'Content-Type: image/png',
      'Content-ID: <chart@tern.test>',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(png),
      '--rel--',
      '--mix',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(pdf),
      '--mix--',
    ].join('\r\n'),
  ),
  plain: mime(
    ['Subject: Plain', 'Content-Type: text/plain; charset=ISO-8859-1'],
    'Caf\xe9 at eight?\r\n\r\n> earlier words',
  ),
  deep: mime(
    ['Subject: Deep', 'Content-Type: text/html; charset=utf-8'],
    '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_000),
  ),
  big: mime(
    ['Subject: Big attachment', 'Content-Type: multipart/mixed; boundary="b"'],
    [
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Five megabytes attached.',
      '--b',
      'Content-Type: application/octet-stream; name="data.bin"',
      'Content-Disposition: attachment; filename="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(big),
      '--b--',
    ].join('\r\n'),
  ),
  long: mime(
    ['Subject: Long', 'Content-Type: multipart/alternative; boundary="alt"'],
    [
      '--alt',
      'Content-Type: text/plain; charset=utf-8',
      '',
      longText,
      '--alt',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>${longText}</p>`,
      '--alt--',
    ].join('\r\n'),
  ),
  // "multipart/related;;": the server cannot split it; Tern's own parser can.
  unsplit: mime(
    ['Subject: Unsplit', 'Content-Type: multipart/related;;', ' boundary="u u"'],
    [
      '--u u',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Logo: <img src="cid:logo@tern.test" alt="logo"></p>',
      '--u u',
      'Content-Type: image/png',
      'Content-ID: <logo@tern.test>',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(png),
      '--u u',
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(pdf),
      '--u u--',
    ].join('\r\n'),
  ),
  embedded: mime(
    ['Subject: Uuencoded', 'Content-Type: text/plain'],
    `The picture:\r\n\r\n${uuencode(png, '`', 'dot.png')}\r\nBye.`,
  ),
  // Longer than even "show all" shows.
  huge: mime(
    ['Subject: Huge', 'Content-Type: text/plain; charset=utf-8'],
    `${'x'.repeat(76)}\r\n`.repeat(280_000),
  ),
};
type Sample = keyof typeof samples;
const uids = {} as Record<Sample, number>;

beforeAll(async () => {
  cookie = await signInCookie(alice, '192.0.2.97');
  messageRoute = await import('@/app/api/folders/[path]/messages/[uid]/route');
  partRoute = await import('@/app/api/folders/[path]/messages/[uid]/parts/[partId]/route');
  sourceRoute = await import('@/app/api/folders/[path]/messages/[uid]/source/route');
  zipRoute = await import('@/app/api/folders/[path]/messages/[uid]/attachments/route');
  threadRoute = await import('@/app/api/folders/[path]/messages/[uid]/thread/route');
  const account = { sid: 'reading-test', email: alice.email, password: alice.password };
  await services().pool.use(account, async (client) => {
    await client.mailboxCreate(folder);
    for (const [name, raw] of Object.entries(samples)) {
      const appended = await client.append(folder, Buffer.from(raw, 'latin1'), []);
      uids[name as Sample] = appended ? (appended.uid ?? 0) : 0;
    }
  });
}, 120_000);

afterAll(closeServices);

function get(uid: number | string, query = ''): Promise<Response> {
  const segment = encodeURIComponent(folder);
  return messageRoute.GET(
    new Request(`${origin}/api/folders/${segment}/messages/${uid}${query}`, {
      headers: { cookie },
    }),
    { params: Promise.resolve({ path: segment, uid: String(uid) }) },
  );
}

function part(uid: number, partId: string, query = ''): Promise<Response> {
  const segment = encodeURIComponent(folder);
  return partRoute.GET(
    new Request(`${origin}/api/folders/${segment}/messages/${uid}/parts/${partId}${query}`, {
      headers: { cookie },
    }),
    { params: Promise.resolve({ path: segment, uid: String(uid), partId }) },
  );
}

function source(uid: number, query = ''): Promise<Response> {
  const segment = encodeURIComponent(folder);
  return sourceRoute.GET(
    new Request(`${origin}/api/folders/${segment}/messages/${uid}/source${query}`, {
      headers: { cookie },
    }),
    { params: Promise.resolve({ path: segment, uid: String(uid) }) },
  );
}

async function read(uid: number): Promise<MessageView> {
  const response = await get(uid);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as MessageView;
}

describe('GET /api/folders/{path}/messages/{uid}', () => {
  it('answers the headers, the sanitized HTML and the attachments, without marking it read', async () => {
    const message = await read(uids.rich);
    expect(message).toMatchObject({
      uid: uids.rich,
      subject: 'Quarterly réport',
      from: [{ name: 'Bob Sender', address: 'bob@tern.test' }],
      to: [
        { name: '', address: alice.email },
        { name: 'Carol', address: 'carol@tern.test' },
      ],
      cc: [{ name: 'Dan', address: 'dan@tern.test' }],
      messageId: '<reading-1@tern.test>',
      inReplyTo: '<q1@tern.test>',
      references: ['<q0@tern.test>', '<q1@tern.test>'],
      listUnsubscribe: ['https://lists.tern.test/u?id=9', 'mailto:leave@tern.test'],
      text: null,
      tooComplex: false,
      remoteContent: { blocked: 1 },
    });
    expect(message.flags).not.toContain('\\Seen');
    expect(message.html).toContain('<b>inside</b>');
    expect(message.html).not.toMatch(/script|onclick|tracker\.example/);
    expect(message.html).toContain(
      `src="/api/folders/${folder}/messages/${uids.rich}/parts/1.2?inline=1"`,
    );
    expect(message.html).toContain('target="_blank" rel="noopener noreferrer"');
    expect(message.attachments).toEqual([
      expect.objectContaining({
        partId: '1.2',
        contentType: 'image/png',
        contentId: 'chart@tern.test',
      }),
      expect.objectContaining({
        partId: '2',
        filename: 'report.pdf',
        contentType: 'application/pdf',
        disposition: 'attachment',
      }),
    ]);
  });

  it('decodes a legacy charset in a plain-text message', async () => {
    const message = await read(uids.plain);
    expect(message.html).toBeNull();
    expect(message.text).toBe('Café at eight?\r\n\r\n> earlier words');
  });

  it('opens HTML nested beyond the limits as too complex, at once', async () => {
    const message = await read(uids.deep);
    expect(message).toMatchObject({ tooComplex: true, html: null, text: null });
  });

  it('answers 404 for an unknown message and 400 for a malformed UID or flag', async () => {
    const missing = await get(999_999);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('not_found');
    for (const [uid, query, message] of [
      ['abc', '', 'uid: must be a message UID'],
      [uids.plain, '?full=yes', 'full: must be 0 or 1'],
    ] as const) {
      const malformed = await get(uid, query);
      expect(malformed.status).toBe(400);
      expect(await malformed.json()).toEqual({ error: { code: 'invalid_request', message } });
    }
  });
});

describe('a message opened after the list showed it', () => {
  it('reads the same from the structure the list kept, for every shape of message', async () => {
    const listed = Object.keys(samples).filter((name) => name !== 'huge') as Sample[];
    const before = new Map<Sample, MessageView>();
    for (const name of listed) before.set(name, await read(uids[name]));

    const listRoute = await import('@/app/api/folders/[path]/messages/route');
    const segment = encodeURIComponent(folder);
    const response = await listRoute.GET(
      new Request(`${origin}/api/folders/${segment}/messages?limit=200`, { headers: { cookie } }),
      { params: Promise.resolve({ path: segment }) },
    );
    const page = (await response.json()) as { uidValidity: string };
    const { messageCache } = services();
    const scope = messageCache.scope(alice.email, folder, page.uidValidity);
    for (const name of listed) {
      expect(messageCache.structure(scope, uids[name]), name).toBeDefined();
      expect(await read(uids[name]), name).toEqual(before.get(name));
    }
  });
});

describe('GET /api/folders/{path}/messages/{uid}?full=1', () => {
  it('cuts a long body at 2 MB, and shows it whole when asked', async () => {
    const cut = await read(uids.long);
    expect(cut).toMatchObject({ truncated: true, bodyLimit: 2 * 1024 * 1024 });
    expect(cut.text!.length).toBeLessThanOrEqual(cut.bodyLimit);
    expect(cut.text).not.toContain('The very end.');
    expect(cut.html).not.toContain('The very end.');

    const response = await get(uids.long, '?full=1');
    expect(response.status).toBe(200);
    const whole = (await response.json()) as MessageView;
    expect(whole).toMatchObject({ truncated: false, bodyLimit: 20 * 1024 * 1024 });
    expect(whole.text).toBe(longText);
    expect(whole.html).toContain('The very end.</p>');
  });

  it('still stops at 20 MB', async () => {
    const response = await get(uids.huge, '?full=1');
    const view = (await response.json()) as MessageView;
    expect(view.truncated).toBe(true);
    expect(view.text!.length).toBe(20 * 1024 * 1024);
  });
});

describe('messages the server cannot split, read by Tern’s own parser', () => {
  it('shows the parts of an unsplittable multipart, its inline image and its attachment', async () => {
    const message = await read(uids.unsplit);
    expect(message.attachments).toEqual([
      expect.objectContaining({ partId: '0.1', contentType: 'image/png', disposition: 'inline' }),
      expect.objectContaining({
        partId: '0.2',
        filename: 'report.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
      }),
    ]);
    expect(message.html).toContain(
      `src="/api/folders/${folder}/messages/${uids.unsplit}/parts/0.1?inline=1"`,
    );
    const image = await part(uids.unsplit, '0.1', '?inline=1');
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    const download = await part(uids.unsplit, '0.2', '?inline=1');
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
    // The same download headers as the same file sent as a part the server knows.
    const fromImap = await part(uids.rich, '2', '?inline=1');
    await fromImap.arrayBuffer();
    expect(Object.fromEntries(download.headers)).toEqual(Object.fromEntries(fromImap.headers));
    expect((await part(uids.unsplit, '0.3')).status).toBe(404);
  });

  it('takes a uuencoded file out of the text and offers it as an attachment', async () => {
    const message = await read(uids.embedded);
    expect(message.text).toMatch(/^The picture:\s+Bye\.$/);
    expect(message.attachments).toEqual([
      expect.objectContaining({ partId: '0.1', filename: 'dot.png', contentType: 'image/png' }),
    ]);
    const download = await part(uids.embedded, '0.1');
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);
  });
});

describe('GET /api/folders/{path}/messages/{uid}/parts/{partId}', () => {
  it('downloads an attachment decoded, as a download that cannot run', async () => {
    const response = await part(uids.rich, '2', '?inline=1');
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain(
      "default-src 'none'; sandbox",
    );
  });

  it('shows a raster image inline only when asked', async () => {
    const inline = await part(uids.rich, '1.2', '?inline=1');
    expect(inline.headers.get('content-type')).toBe('image/png');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(Buffer.from(await inline.arrayBuffer()).equals(png)).toBe(true);
    const download = await part(uids.rich, '1.2');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    await download.arrayBuffer();
  });

  it('streams a 5 MB attachment back byte for byte', async () => {
    const response = await part(uids.big, '2');
    expect(response.status).toBe(200);
    const received = Buffer.from(await response.arrayBuffer());
    expect(received.length).toBe(big.length);
    expect(received.equals(big)).toBe(true);
  });

  it('answers 404 for a part the message lacks and 400 for a malformed part number', async () => {
    const missing = await part(uids.rich, '7');
    expect(missing.status).toBe(404);
    const malformed = await part(uids.rich, '1..2');
    expect(malformed.status).toBe(400);
    const unknown = await part(999_999, '1');
    expect(unknown.status).toBe(404);
  });

  it('lets the connection go when the browser stops reading halfway', async () => {
    const response = await part(uids.big, '2');
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    // The same user's next request is answered: the pool did not stay held by the download.
    expect((await read(uids.plain)).subject).toBe('Plain');
  });
});

describe('GET /api/folders/{path}/messages/{uid}/source', () => {
  it('downloads the message exactly as stored, or shows it as inert text', async () => {
    const download = await source(uids.plain);
    expect(download.status).toBe(200);
    expect(
      Buffer.from(await download.arrayBuffer()).equals(Buffer.from(samples.plain, 'latin1')),
    ).toBe(true);
    expect(download.headers.get('content-type')).toBe('message/rfc822');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="message-\d+\.eml"/,
    );
    const view = await source(uids.rich, '?view=1');
    expect(view.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(view.headers.get('content-security-policy')).toContain('sandbox');
    expect(await view.text()).toContain('<script>alert(1)</script>');
  });

  it('answers 404 for an unknown message', async () => {
    expect((await source(999_999)).status).toBe(404);
  });
});

describe('GET /api/folders/{path}/messages/{uid}/attachments', () => {
  function zip(uid: number): Promise<Response> {
    const segment = encodeURIComponent(folder);
    return zipRoute.GET(
      new Request(`${origin}/api/folders/${segment}/messages/${uid}/attachments`, {
        headers: { cookie },
      }),
      { params: Promise.resolve({ path: segment, uid: String(uid) }) },
    );
  }

  it('zips what the sender attached, not the images the HTML shows', async () => {
    const response = await zip(uids.rich);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="attachments-\d+\.zip"/,
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(bytes.includes(Buffer.from('report.pdf'))).toBe(true);
    expect(bytes.includes(pdf)).toBe(true); // stored whole, byte for byte
    expect(bytes.includes(png)).toBe(false);
  });

  it('zips the files only Tern’s own parser finds too', async () => {
    const bytes = Buffer.from(await (await zip(uids.unsplit)).arrayBuffer());
    expect(bytes.includes(Buffer.from('report.pdf'))).toBe(true);
    expect(bytes.includes(pdf)).toBe(true);
  });

  it('answers 404 for a message without attachments', async () => {
    expect((await zip(uids.plain)).status).toBe(404);
  });
});

describe('GET /api/folders/{path}/messages/{uid}/thread', () => {
  const threads = 'Threads';
  const message = (id: string, subject: string, day: number, parent?: string) => ({
    raw: Buffer.from(
      [
        'From: Ann <ann@tern.test>',
        `To: ${alice.email}`,
        `Subject: ${subject}`,
        `Message-ID: <${id}@tern.test>`,
        ...(parent
          ? [`In-Reply-To: <${parent}@tern.test>`, `References: <${parent}@tern.test>`]
          : []),
        `Date: ${day} Mar 2026 10:00:00 +0000`,
        '',
        'Body.',
        '',
      ].join('\r\n'),
    ),
  });

  function thread(uid: number | string): Promise<Response> {
    return threadRoute.GET(
      new Request(`${origin}/api/folders/${threads}/messages/${uid}/thread`, {
        headers: { cookie },
      }),
      { params: Promise.resolve({ path: threads, uid: String(uid) }) },
    );
  }

  it('lists the conversation oldest first, by references and not by subject alone', async () => {
    deliverRaw(testStack, alice.email, threads, [
      message('t1', 'Budget', 3),
      message('t2', 'Budget', 4), // same subject, no reference: not this conversation
      message('t3', 'Re: Budget', 5, 't1'),
      message('t4', 'Re: Re: Budget', 6, 't3'),
    ]);
    const response = await thread(4);
    expect(response.status).toBe(200);
    const { messages } = (await response.json()) as { messages: Array<{ uid: number }> };
    expect(messages.map((m) => m.uid)).toEqual([1, 3, 4]);
    const alone = (await (await thread(2)).json()) as { messages: Array<{ uid: number }> };
    expect(alone.messages.map((m) => m.uid)).toEqual([2]);
  });

  it('answers 404 for an unknown message and 400 for a malformed UID', async () => {
    expect((await thread(999_999)).status).toBe(404);
    expect((await thread('x')).status).toBe(400);
  });
});
