/**
 * PUT and DELETE /api/drafts/{composeId} against Dovecot: one draft per compose however often it
 * is saved, attachments carried from copy to copy, stale and late saves refused, another client's
 * draft replaced, a compose discarded.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapBodyPart } from '@/lib/imap/client';
import type { ApiError, DraftSaved, SendRequest } from '@/lib/mail/types';
import { parseSource } from '@/lib/mime/parse';
import { png } from '../support/encoders.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { alice, bob } from '../support/test-stack.ts';
import { closeServices, services, signInCookie } from './api-session.ts';
import {
  compose,
  composeRoutes,
  copiesIn,
  delivered,
  headersOf,
  messageWithFiles,
  sha256,
  withConfig,
  type ComposeRoutes,
} from './compose-routes.ts';

const folder = 'Draft sources';
const data = randomBytes(100 * 1024);
const messageIdOf = (request: { composeId: string }) => `<${request.composeId}@tern.test>`;
/** A message with an inline image (part 1.2) and an attachment (part 2). */
const source = messageWithFiles('<draft-source@tern.test>', data);

let routes: ComposeRoutes;
let sourceUid = 0;

async function saved(request: SendRequest): Promise<DraftSaved> {
  const response = await routes.save(request.composeId, request);
  if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as DraftSaved;
}

/** The part number of the PNG in a Drafts copy, as the reader would link it. */
function imagePartOf(uid: number): Promise<string> {
  return withOtherClient(alice, async (client) => {
    const lock = await client.getMailboxLock('Drafts');
    try {
      const message = await client.fetchOne(String(uid), { bodyStructure: true }, { uid: true });
      const find = (node: ImapBodyPart): string | undefined =>
        node.type === 'image/png' ? node.part : node.childNodes?.map(find).find(Boolean);
      return (message && message.bodyStructure && find(message.bodyStructure)) || '';
    } finally {
      lock.release();
    }
  });
}

async function status(response: Promise<Response>): Promise<number> {
  return (await response).status;
}

beforeAll(async () => {
  routes = await composeRoutes(await signInCookie(alice, '192.0.2.72'));
  const account = { sid: 'compose-drafts-test', email: alice.email, password: alice.password };
  sourceUid = await services().pool.use(account, async (client) => {
    await client.mailboxCreate(folder);
    const appended = await client.append(folder, source, ['\\Seen']);
    return appended ? (appended.uid ?? 0) : 0;
  });
}, 120_000);

afterAll(closeServices);

describe('saving drafts', () => {
  it('keeps one draft however often it is saved, with the attachment carried from copy to copy', async () => {
    const base = compose({
      to: [{ name: 'Bob', address: bob.email }],
      bcc: [{ name: '', address: 'secret@tern.test' }],
      attachments: [
        {
          ref: { kind: 'part', folder, uid: sourceUid, partId: '2' },
          filename: 'data.bin',
          contentType: 'application/octet-stream',
          size: data.length,
        },
      ],
    });
    let attachments = base.attachments;
    let last: DraftSaved | undefined;
    for (let revision = 1; revision <= 10; revision++) {
      last = await saved({
        ...base,
        revision,
        body: { mode: 'text', text: `Take ${revision}` },
        attachments,
      });
      attachments = last.attachments;
    }
    expect(last).toMatchObject({
      draft: { folder: 'Drafts' },
      revision: 10,
      attachments: [
        {
          ref: { kind: 'draft', index: 0 },
          filename: 'data.bin',
          contentType: 'application/octet-stream',
          size: data.length,
        },
      ],
    });
    const copies = await copiesIn(alice, 'Drafts', messageIdOf(base));
    expect(copies.map((c) => c.uid)).toEqual([last!.draft.uid]);
    const [draft] = copies;
    expect([...draft!.flags].sort()).toEqual(['\\Draft', '\\Seen']);
    expect(headersOf(draft!.source).get('bcc')).toEqual(['secret@tern.test']);
    const parsed = await parseSource(draft!.source);
    expect(parsed?.text).toMatch(/Take 10/);
    const file = parsed?.parts.find((p) => p.filename === 'data.bin');
    expect(file && sha256(file.content)).toBe(sha256(data));
  });

  it('prunes a copy planted beside the draft, and removes the other client draft it replaces', async () => {
    const request = compose({ subject: 'Planted' });
    const first = await saved(request);
    const planted = await withOtherClient(alice, async (client) => {
      const copy = Buffer.from(
        `Message-ID: ${messageIdOf(request)}\r\nSubject: planted\r\n\r\nold\r\n`,
      );
      const theirs = Buffer.from('Message-ID: <theirs@tern.test>\r\nSubject: theirs\r\n\r\nx\r\n');
      const a = await client.append('Drafts', copy, ['\\Draft']);
      const b = await client.append('Drafts', theirs, ['\\Draft']);
      return { copy: a ? a.uid : 0, theirs: b ? b.uid : 0 };
    });
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toHaveLength(2);
    const second = await saved({
      ...request,
      revision: 2,
      replaces: { folder: 'Drafts', uid: planted.theirs! },
    });
    const left = await copiesIn(alice, 'Drafts', messageIdOf(request));
    expect(left.map((c) => c.uid)).toEqual([second.draft.uid]);
    expect(second.draft.uid).not.toBe(first.draft.uid);
    expect(await copiesIn(alice, 'Drafts', '<theirs@tern.test>')).toEqual([]);
  });

  it('keeps the images of an opened draft across saves, though each save replaces the copy they were in', async () => {
    const request = compose({
      body: {
        mode: 'html',
        html: `<p>Dot: <img src="/api/folders/${encodeURIComponent(folder)}/messages/${sourceUid}/parts/1.2?inline=1"></p>`,
      },
    });
    const first = await saved(request);
    // The composer reopened the draft: its image now points at the first Drafts copy.
    const partId = await imagePartOf(first.draft.uid);
    const reopened = `<p>Dot: <img src="/api/folders/Drafts/messages/${first.draft.uid}/parts/${partId}?inline=1"></p>`;
    await saved({ ...request, revision: 2, body: { mode: 'html', html: reopened } });
    const third = await saved({ ...request, revision: 3, body: { mode: 'html', html: reopened } });
    const [draft] = await copiesIn(alice, 'Drafts', messageIdOf(request));
    expect(draft!.uid).toBe(third.draft.uid);
    const parsed = await parseSource(draft!.source);
    expect(parsed?.html).toMatch(/<img src="cid:image1\./);
    expect(parsed?.parts.find((p) => p.contentType === 'image/png')?.content.equals(png)).toBe(
      true,
    );
  });

  it('refuses a save older than the last one, and any save once the message was sent', async () => {
    const request = compose({ to: [{ name: '', address: bob.email }] });
    await saved({ ...request, revision: 5 });
    expect(await status(routes.save(request.composeId, { ...request, revision: 4 }))).toBe(409);
    expect(await saved({ ...request, revision: 5 })).toMatchObject({ revision: 5 });

    const send = await routes.send({ ...request, revision: 6 });
    expect(await send.json()).toMatchObject({ outcome: 'sent' });
    expect(await status(routes.save(request.composeId, { ...request, revision: 7 }))).toBe(409);
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toEqual([]);
    expect(await delivered(bob, messageIdOf(request))).toHaveLength(1);
  });

  it('refuses a body whose composeId is not the one in the address', async () => {
    const request = compose();
    expect(await status(routes.save(compose().composeId, request))).toBe(400);
  });

  it('answers 404 naming an attachment whose draft copy is gone', async () => {
    const request = compose({
      attachments: [
        {
          ref: { kind: 'draft', index: 0 },
          filename: 'gone.bin',
          contentType: 'application/octet-stream',
          size: 10,
        },
      ],
    });
    const response = await routes.save(request.composeId, request);
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as ApiError;
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/^attachments\.0: "gone.bin"/);
  });

  it.each([
    ['the known sizes already pass the limit', 'part'],
    ['the bytes pass the limit as they are read', 'message'],
  ] as const)('answers 413 naming the limit when %s', async (_case, kind) => {
    const ref =
      kind === 'part'
        ? { kind, folder, uid: sourceUid, partId: '2' }
        : { kind, folder, uid: sourceUid };
    const request = compose({
      attachments: Array.from({ length: 11 }, () => ({
        ref,
        filename: 'data.bin',
        contentType: kind === 'part' ? 'application/octet-stream' : 'message/rfc822',
        size: 0,
      })),
    });
    await withConfig({ TERN_ATTACHMENT_MAX_MB: '1' }, async () => {
      const response = await routes.save(request.composeId, request);
      expect(response.status).toBe(413);
      const { error } = (await response.json()) as ApiError;
      expect(error.code).toBe('payload_too_large');
      expect(error.message).toMatch(/more than 1 MB/);
    });
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toEqual([]);
  });
});

describe('discarding a draft', () => {
  it('deletes every copy of the compose', async () => {
    const request = compose({ subject: 'Discard me' });
    await saved(request);
    await withOtherClient(alice, (client) =>
      client.append(
        'Drafts',
        Buffer.from(`Message-ID: ${messageIdOf(request)}\r\nSubject: x\r\n\r\nx\r\n`),
        ['\\Draft'],
      ),
    );
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toHaveLength(2);
    expect(await status(routes.discard(request.composeId))).toBe(204);
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toEqual([]);
  });
});
