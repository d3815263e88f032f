/**
 * Reply, reply all, forward and forward as attachment prefilled from a message in Dovecot, and
 * drafts opened from a folder (Tern's own, and another client's), through the route handlers
 * in-process. The messages are APPENDed by another IMAP client, as mail from elsewhere would be.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as draftRoutes from '@/app/api/compose/draft/route';
import type * as prefillRoutes from '@/app/api/compose/prefill/route';
import { composeFields } from '@/lib/mail/compose/schema';
import type { ApiError, ComposePrefill } from '@/lib/mail/types';
import { base64Lines, png } from '../support/encoders.ts';
import { appendRaw } from '../support/imap-append.ts';
import { alice } from '../support/test-stack.ts';
import { closeServices, origin, signInCookie } from './api-session.ts';

const folder = 'Prefill Sources';
const draftsFolder = 'Prefill Drafts';
let prefillRoute: typeof prefillRoutes;
let draftRoute: typeof draftRoutes;
let cookie = '';

const pdf = Buffer.from('%PDF-1.4\n' + 'quarterly numbers\n'.repeat(200));

const originalRaw = [
  'From: "Bob Sender" <bob@tern.test>',
  'Reply-To: "The List" <list@lists.tern.test>',
  `To: "Alice" <${alice.email.toUpperCase()}>, Carol <carol@tern.test>`,
  'Cc: Dan <dan@tern.test>, alice@tern.test',
  'Subject: RE: Fwd: Quarterly report',
  'Date: Tue, 03 Mar 2026 10:00:00 +0000',
  'Message-ID: <q3@tern.test>',
  'In-Reply-To: <q2@tern.test>',
  'References: <q1@tern.test> <q2@tern.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="mix"',
  '',
  '--mix',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Numbers inside.',
  '> what were they?',
  '--alt',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<div style="font-family:Arial"><p>Numbers <b>inside</b>.</p>' +
    '<table><tr><td>Total</td><td>12.00</td></tr></table>' +
    '<img src="cid:chart@tern.test" alt="chart"><img src="https://images.example.com/logo.png" alt="logo">' +
    '<script>alert(1)</script></div>',
  '--rel',
  'Content-Type: image/png',
  'Content-ID: <chart@tern.test>',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(png),
  '--rel--',
  '--alt--',
  '--mix',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(pdf),
  '--mix--',
  '',
].join('\r\n');

const mineRaw = [
  `From: Alice <${alice.email}>`,
  'To: Bob <bob@tern.test>',
  'Cc: Carol <carol@tern.test>',
  'Subject: Lunch?',
  'Date: Wed, 04 Mar 2026 09:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Noon?',
].join('\r\n');

const composeId = 'AbCdEfGhIjKlMnOpQrSt_-';
function draftRaw(messageId: string, body: string[]): string {
  return [
    `From: "Alice A." <${alice.email}>`,
    'To: Bob <bob@tern.test>',
    'Cc: Carol <carol@tern.test>',
    'Bcc: Dan <dan@tern.test>',
    'Subject: Re: Plans',
    'Date: Thu, 05 Mar 2026 08:00:00 +0000',
    `Message-ID: ${messageId}`,
    'In-Reply-To: <plans-2@tern.test>',
    'References: <plans-1@tern.test> <plans-2@tern.test>',
    'MIME-Version: 1.0',
    ...body,
  ].join('\r\n');
}
const ternDraft = draftRaw(`<${composeId}@tern.test>`, [
  'Content-Type: multipart/mixed; boundary="d"',
  '',
  '--d',
  'Content-Type: multipart/related; boundary="r"',
  '',
  '--r',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Half <i>written</i></p><p><a href="https://tern.test/x" target="_blank">x</a></p>' +
    '<p><img src="cid:pasted@tern.test"></p>',
  '--r',
  'Content-Type: image/png',
  'Content-ID: <pasted@tern.test>',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(png),
  '--r--',
  '--d',
  'Content-Type: application/pdf; name="plan.pdf"',
  'Content-Disposition: attachment; filename="plan.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  base64Lines(pdf),
  '--d--',
  '',
]);
const foreignDraft = draftRaw('<4F9A2C1E.5060302@thunderbird.example>', [
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Written in Thunderbird.',
]);
/** HTML past what Tern renders, with no text version: nothing the composer could hold. */
const deepDraft = draftRaw('<deep@tern.test>', [
  'Content-Type: text/html; charset=utf-8',
  '',
  '<div>'.repeat(20_000) + 'x' + '</div>'.repeat(20_000),
]);
/** Tern's shape of id, but not made for this user's domain: another program's. */
const lookalikeDraft = draftRaw(`<${composeId}@elsewhere.example>`, [
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Lookalike.',
]);

const uids = { original: 0, mine: 0, tern: 0, foreign: 0, lookalike: 0, deep: 0 };

beforeAll(async () => {
  cookie = await signInCookie(alice, '192.0.2.71');
  prefillRoute = await import('@/app/api/compose/prefill/route');
  draftRoute = await import('@/app/api/compose/draft/route');
  const sources = await appendRaw(alice, folder, [Buffer.from(originalRaw), Buffer.from(mineRaw)]);
  [uids.original, uids.mine] = sources.uids as [number, number];
  const drafts = await appendRaw(
    alice,
    draftsFolder,
    [ternDraft, foreignDraft, lookalikeDraft, deepDraft].map((raw) => Buffer.from(raw)),
  );
  [uids.tern, uids.foreign, uids.lookalike, uids.deep] = drafts.uids as [
    number,
    number,
    number,
    number,
  ];
  expect(sources.refused + drafts.refused).toBe(0);
}, 120_000);

afterAll(closeServices);

function get(path: string, query: Record<string, string | number>): Promise<Response> {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const handler = path === 'prefill' ? prefillRoute.GET : draftRoute.GET;
  return handler(new Request(`${origin}/api/compose/${path}?${search}`, { headers: { cookie } }), {
    params: Promise.resolve({}),
  });
}

async function prefill(
  path: 'prefill' | 'draft',
  query: Record<string, string | number>,
): Promise<ComposePrefill> {
  const response = await get(path, query);
  if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
  const body = (await response.json()) as ComposePrefill;
  // Whatever is prefilled, a save of it unchanged must be accepted.
  const saved = composeFields.safeParse({ composeId, revision: 1, ...body });
  expect(saved.error?.issues ?? []).toEqual([]);
  return body;
}

const html = (body: ComposePrefill) => (body.body.mode === 'html' ? body.body.html : '');
const text = (body: ComposePrefill) => (body.body.mode === 'text' ? body.body.text : '');
const draftPartUrl = (uid: number, partId: string) =>
  `/api/folders/${encodeURIComponent(draftsFolder)}/messages/${uid}/parts/${partId}?inline=1`.replace(
    /&/g,
    '&amp;',
  );
const partUrl = (uid: number, partId: string) =>
  `/api/folders/${encodeURIComponent(folder)}/messages/${uid}/parts/${partId}?inline=1`;

describe('GET /api/compose/prefill', () => {
  const at = () => ({ folder, uid: uids.original });

  it('reply: to Reply-To, Re: once, threaded, the HTML quoted', async () => {
    const reply = await prefill('prefill', { ...at(), mode: 'reply', tz: 'Europe/Berlin' });
    expect(reply).toMatchObject({
      to: [{ name: 'The List', address: 'list@lists.tern.test' }],
      cc: [],
      bcc: [],
      subject: 'Re: Quarterly report',
      attachments: [],
      threading: {
        inReplyTo: '<q3@tern.test>',
        references: ['<q1@tern.test>', '<q2@tern.test>', '<q3@tern.test>'],
      },
      origin: { kind: 'reply', folder, uid: uids.original, messageId: '<q3@tern.test>' },
    });
    expect(reply.composeId).toBeUndefined();
    expect(html(reply)).toMatch(
      /^<p><\/p><p>On Tue, 3 Mar 2026 at 11:00, Bob Sender &lt;bob@tern.test&gt; wrote:<\/p><blockquote type="cite">/,
    );
    expect(html(reply)).toContain('<p>Numbers <b>inside</b>.</p><p>Total</p><p>12.00</p>');
    // The inline image keeps its part URL (the send path embeds it); the remote one stays out.
    const inlineImage = /<img src="([^"]+)" alt="chart">/.exec(html(reply));
    expect(inlineImage?.[1]?.replace(/&amp;/g, '&')).toMatch(
      new RegExp(`^${partUrl(uids.original, '[\\d.]+').replace(/[?]/g, '\\?')}$`),
    );
    expect(html(reply)).not.toContain('images.example.com');
    expect(html(reply)).not.toMatch(/script|style=|alert/);
  });

  it('reply all: me dropped (any case), the other To added, Cc kept as Cc', async () => {
    const all = await prefill('prefill', { ...at(), mode: 'reply_all' });
    expect(all.to).toEqual([
      { name: 'The List', address: 'list@lists.tern.test' },
      { name: 'Carol', address: 'carol@tern.test' },
    ]);
    expect(all.cc).toEqual([{ name: 'Dan', address: 'dan@tern.test' }]);
    expect(all.origin).toMatchObject({ kind: 'reply_all' });
  });

  it('reply in plain text quotes the text part', async () => {
    const reply = await prefill('prefill', { ...at(), mode: 'reply', body: 'text' });
    expect(text(reply)).toBe(
      '\n\nOn Tue, 3 Mar 2026 at 10:00 UTC, Bob Sender <bob@tern.test> wrote:\n' +
        '> Numbers inside.\n>> what were they?\n',
    );
  });

  it('remote images in the quote go through the proxy only when asked', async () => {
    const reply = await prefill('prefill', { ...at(), mode: 'reply', remote: 1 });
    expect(html(reply)).toMatch(
      /<img src="\/api\/proxy\?url=https%3A%2F%2Fimages\.example\.com%2Flogo\.png&amp;sig=[^"]+" alt="logo">/,
    );
  });

  it('replying to my own message goes to its To', async () => {
    const reply = await prefill('prefill', { folder, uid: uids.mine, mode: 'reply' });
    expect(reply.to).toEqual([{ name: 'Bob', address: 'bob@tern.test' }]);
    expect(reply.threading).toBeUndefined();
    expect(reply.origin).toMatchObject({ messageId: null });
    const all = await prefill('prefill', { folder, uid: uids.mine, mode: 'reply_all' });
    expect(all).toMatchObject({
      to: [{ address: 'bob@tern.test' }],
      cc: [{ address: 'carol@tern.test' }],
    });
  });

  it('forward: Fwd: once, no recipients or threading, the header block, the attachment by reference', async () => {
    const forward = await prefill('prefill', { ...at(), mode: 'forward' });
    expect(forward).toMatchObject({
      to: [],
      cc: [],
      subject: 'Fwd: Quarterly report',
      origin: { kind: 'forward', folder, uid: uids.original, messageId: '<q3@tern.test>' },
    });
    expect(forward.threading).toBeUndefined();
    expect(html(forward)).toContain(
      '<p>---------- Forwarded message ---------<br>From: Bob Sender &lt;bob@tern.test&gt;<br>' +
        'Date: Tue, 3 Mar 2026 at 10:00 UTC<br>Subject: RE: Fwd: Quarterly report<br>' +
        'To: Alice &lt;ALICE@TERN.TEST&gt;, Carol &lt;carol@tern.test&gt;<br>' +
        'Cc: Dan &lt;dan@tern.test&gt;, alice@tern.test</p><p>Numbers <b>inside</b>.</p>',
    );
    // The inline chart travels inside the HTML; only the PDF is an attachment.
    expect(forward.attachments).toEqual([
      {
        ref: { kind: 'part', folder, uid: uids.original, partId: '2' },
        filename: 'report.pdf',
        contentType: 'application/pdf',
        size: expect.any(Number) as number,
      },
    ]);
    expect(Math.abs(forward.attachments[0]!.size - pdf.length)).toBeLessThan(100);
  });

  it('forward in plain text carries the inline image as an attachment too', async () => {
    const forward = await prefill('prefill', { ...at(), mode: 'forward', body: 'text' });
    expect(text(forward)).toContain(
      '\nCc: Dan <dan@tern.test>, alice@tern.test\n\nNumbers inside.\n',
    );
    expect(forward.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [expect.any(String), 'image/png'],
      ['report.pdf', 'application/pdf'],
    ]);
  });

  it('forward as attachment: the whole message, named after its subject', async () => {
    const forward = await prefill('prefill', { ...at(), mode: 'forward_attachment' });
    expect(forward).toMatchObject({
      to: [],
      subject: 'Fwd: Quarterly report',
      body: { mode: 'html', html: '<p></p>' },
      origin: { kind: 'forward_attachment', folder, uid: uids.original },
      attachments: [
        {
          ref: { kind: 'message', folder, uid: uids.original },
          filename: 'RE_ Fwd_ Quarterly report.eml',
          contentType: 'message/rfc822',
          size: Buffer.byteLength(originalRaw),
        },
      ],
    });
  });

  it.each([
    [{ mode: 'reply', folder, uid: 999_999 }, 404, 'not_found'],
    [{ mode: 'reply', folder: 'No Such Folder', uid: 1 }, 404, 'not_found'],
    [
      { mode: 'answer', folder, uid: 1 },
      400,
      'mode: must be reply, reply_all, forward or forward_attachment',
    ],
    [{ mode: 'reply', folder, uid: 'x' }, 400, 'uid: must be a message UID'],
    [{ mode: 'reply', uid: 1 }, 400, 'folder:'],
    [{ mode: 'reply', folder, uid: 1, body: 'rtf' }, 400, 'body: must be html or text'],
    [{ mode: 'reply', folder, uid: 1, tz: 'Mars/Olympus' }, 400, 'tz: is not a time zone'],
  ])('%j → %i', async (query, status, message) => {
    const response = await get('prefill', query);
    expect(response.status).toBe(status);
    const { error } = (await response.json()) as ApiError;
    expect(status === 404 ? error.code : error.message).toContain(message);
  });

  it('is for signed-in users only', async () => {
    const response = await prefillRoute.GET(
      new Request(`${origin}/api/compose/prefill?mode=reply&folder=INBOX&uid=1`),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(401);
  });
});

describe('GET /api/compose/draft', () => {
  it('continues a draft Tern saved: its composeId, every field, attachments by reference', async () => {
    const draft = await prefill('draft', { folder: draftsFolder, uid: uids.tern });
    expect(draft).toEqual({
      composeId,
      fromName: 'Alice A.',
      to: [{ name: 'Bob', address: 'bob@tern.test' }],
      cc: [{ name: 'Carol', address: 'carol@tern.test' }],
      bcc: [{ name: 'Dan', address: 'dan@tern.test' }],
      subject: 'Re: Plans',
      body: {
        mode: 'html',
        html:
          '<p>Half <i>written</i></p><p><a href="https://tern.test/x">x</a></p>' +
          `<p><img src="${draftPartUrl(uids.tern, '1.2')}"></p>`,
      },
      attachments: [
        {
          ref: { kind: 'part', folder: draftsFolder, uid: uids.tern, partId: '2' },
          filename: 'plan.pdf',
          contentType: 'application/pdf',
          size: expect.any(Number) as number,
        },
      ],
      threading: {
        inReplyTo: '<plans-2@tern.test>',
        references: ['<plans-1@tern.test>', '<plans-2@tern.test>'],
      },
    });
    expect(draft.replaces).toBeUndefined();
  });

  it.each([
    ['another program’s draft', 'foreign', 'Written in Thunderbird.'],
    ['a Tern-shaped id made for another domain', 'lookalike', 'Lookalike.'],
  ] as const)('%s becomes a new compose that replaces it', async (_, which, body) => {
    const draft = await prefill('draft', { folder: draftsFolder, uid: uids[which] });
    expect(draft.composeId).toBeUndefined();
    expect(draft).toMatchObject({
      replaces: { folder: draftsFolder, uid: uids[which] },
      bcc: [{ address: 'dan@tern.test' }],
      body: { mode: 'text', text: body },
      attachments: [],
    });
  });

  it('refuses a draft it could not hold whole, rather than open it emptied', async () => {
    const response = await get('draft', { folder: draftsFolder, uid: uids.deep });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ApiError).error.message).toContain('too complex');
  });

  it('404 for a draft that is not there, 400 naming a bad parameter', async () => {
    const missing = await get('draft', { folder: draftsFolder, uid: 999_999 });
    expect(missing.status).toBe(404);
    const bad = await get('draft', { folder: draftsFolder, uid: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ApiError).error.message).toMatch(/^uid: /);
  });
});
