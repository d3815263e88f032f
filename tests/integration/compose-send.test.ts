/**
 * POST /api/send against the real stack: alice sends through Postfix's submission port (STARTTLS,
 * then SASL through Dovecot), bob and demo receive through LMTP, and Tern files the copy in Sent.
 * Then everything that can go wrong: CR/LF in a header field, the SMTP server down, Sent missing,
 * two POSTs at once, and a server that drops the connection after the whole message.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeContext, type ComposeContext } from '@/lib/mail/compose/context';
import { sendMessage } from '@/lib/mail/compose/send';
import { specialFolders } from '@/lib/mail/compose/special-folders';
import type { SendRequest, SendResult } from '@/lib/mail/types';
import { decodeEncodedWords } from '@/lib/mime/header-text';
import { parseSource } from '@/lib/mime/parse';
import { png } from '../support/encoders.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { alice, bob, testStack } from '../support/test-stack.ts';
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

const demo = testStack.users.find((u) => u.email.startsWith('demo@'))!;
const folder = 'Compose sources';
const segment = encodeURIComponent(folder);
const data = randomBytes(300 * 1024);
/** A message in alice's folder with an inline image (part 1.2) and an attachment (part 2). */
const original = (messageId: string) => messageWithFiles(messageId, data);

const alicesAccount = { sid: 'compose-send-test', email: alice.email, password: alice.password };
let cookie = '';
let routes: ComposeRoutes;

async function appendOriginal(messageId: string): Promise<number> {
  return services().pool.use(alicesAccount, async (client) => {
    await client.mailboxCreate(folder).catch(() => undefined);
    const appended = await client.append(folder, original(messageId), ['\\Seen']);
    return appended ? (appended.uid ?? 0) : 0;
  });
}

async function flagsOf(user: typeof alice, path: string, uid: number): Promise<Set<string>> {
  return withOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock(path);
    try {
      const message = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
      return message ? (message.flags ?? new Set<string>()) : new Set<string>();
    } finally {
      lock.release();
    }
  });
}

async function sent(request: SendRequest): Promise<SendResult> {
  const response = await routes.send(request);
  expect(response.status).toBe(200);
  return (await response.json()) as SendResult;
}

const messageIdOf = (request: SendRequest) => `<${request.composeId}@tern.test>`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  cookie = await signInCookie(alice, '192.0.2.71');
  routes = await composeRoutes(cookie);
}, 120_000);

afterAll(closeServices);

describe('sending', () => {
  it('delivers to bob and a Bcc recipient through Postfix, and files the copy (with Bcc) in Sent', async () => {
    const uid = await appendOriginal('<figures-1@tern.test>');
    const request = compose({
      to: [{ name: 'Bob Tester', address: bob.email }],
      bcc: [{ name: '', address: demo.email }],
      subject: 'Café ✓ report',
      body: {
        mode: 'html',
        html: `<p>Hello <b>Bob</b></p><p><img src="/api/folders/${segment}/messages/${uid}/parts/1.2?inline=1" alt="chart"></p><script>alert(1)</script>`,
      },
      attachments: [
        {
          ref: { kind: 'part', folder, uid, partId: '2' },
          filename: 'data.bin',
          contentType: 'application/octet-stream',
          size: data.length,
        },
      ],
    });
    const result = await sent(request);
    const messageId = messageIdOf(request);
    expect(result).toMatchObject({
      outcome: 'sent',
      messageId,
      refused: [],
      originFlagged: false,
      draftLeft: false,
      sent: { folder: 'Sent' },
    });

    const [copy] = await delivered(bob, messageId);
    expect(copy).toBeDefined();
    const headers = headersOf(copy!.source);
    expect(headers.get('from')).toEqual([`${alice.email}`]);
    expect(headers.get('to')).toEqual([`Bob Tester <${bob.email}>`]);
    expect(headers.has('bcc')).toBe(false);
    expect(headers.get('message-id')).toEqual([messageId]);
    expect(decodeEncodedWords(headers.get('subject')![0]!)).toBe('Café ✓ report');
    expect(Date.parse(headers.get('date')![0]!)).toBeGreaterThan(Date.now() - 60_000);
    expect(headers.has('x-mailer')).toBe(false);

    const parsed = await parseSource(copy!.source);
    expect(parsed?.html).toMatch(/<p>Hello <b>Bob<\/b><\/p>/);
    expect(parsed?.html).toMatch(/<img alt="chart" src="cid:image1\./);
    expect(parsed?.html).not.toMatch(/script|\/api\//);
    expect(parsed?.text).toMatch(/Hello Bob/);
    const file = parsed?.parts.find((p) => p.filename === 'data.bin');
    expect(file && sha256(file.content)).toBe(sha256(data));
    const image = parsed?.parts.find((p) => p.contentType === 'image/png');
    expect(image?.content.equals(png)).toBe(true);

    const [bccCopy] = await delivered(demo, messageId);
    expect(headersOf(bccCopy!.source).has('bcc')).toBe(false);

    const [sentCopy, ...more] = await copiesIn(alice, 'Sent', messageId);
    expect(more).toEqual([]);
    expect(sentCopy!.uid).toBe(result.outcome === 'sent' && result.sent?.uid);
    expect(sentCopy!.flags.has('\\Seen')).toBe(true);
    expect(headersOf(sentCopy!.source).get('bcc')).toEqual([demo.email]);
    expect(await copiesIn(alice, 'Drafts', messageId)).toEqual([]);
  });

  it('sets In-Reply-To and References on a reply and flags the original \\Answered', async () => {
    const originalId = '<figures-2@tern.test>';
    const uid = await appendOriginal(originalId);
    const request = compose({
      to: [{ name: 'Bob', address: bob.email }],
      subject: 'Re: The figures',
      threading: { inReplyTo: originalId, references: ['<earlier@tern.test>', originalId] },
      origin: { kind: 'reply', folder, uid, messageId: originalId },
    });
    expect(await sent(request)).toMatchObject({ outcome: 'sent', originFlagged: true });
    const [copy] = await delivered(bob, messageIdOf(request));
    const headers = headersOf(copy!.source);
    expect(headers.get('in-reply-to')).toEqual([originalId]);
    expect(headers.get('references')).toEqual([`<earlier@tern.test> ${originalId}`]);
    expect((await flagsOf(alice, folder, uid)).has('\\Answered')).toBe(true);
  });

  it('forwards a whole message as message/rfc822, and flags nothing when the UID holds another message', async () => {
    const uid = await appendOriginal('<figures-3@tern.test>');
    const request = compose({
      to: [{ name: '', address: bob.email }],
      subject: 'Fwd: The figures',
      attachments: [
        {
          ref: { kind: 'message', folder, uid },
          filename: 'The figures.eml',
          contentType: 'message/rfc822',
          size: 0,
        },
      ],
      origin: { kind: 'forward_attachment', folder, uid, messageId: '<someone-else@tern.test>' },
    });
    expect(await sent(request)).toMatchObject({ outcome: 'sent', originFlagged: false });
    const [copy] = await delivered(bob, messageIdOf(request));
    const attached = (await parseSource(copy!.source))?.parts.find(
      (p) => p.contentType === 'message/rfc822',
    );
    expect(attached?.content.toString('latin1').trimEnd()).toBe(
      original('<figures-3@tern.test>').toString('latin1').trimEnd(),
    );
    expect((await flagsOf(alice, folder, uid)).has('$Forwarded')).toBe(false);
  });

  it.each([
    ['a line break in the subject', { subject: 'Hi\r\nBcc: carol@tern.test' }, /^subject: /],
    [
      'a line break in an address',
      { to: [{ name: '', address: 'bob@tern.test\r\nBcc: carol@tern.test' }] },
      /^to\.0\.address: /,
    ],
    [
      'a line break in a name',
      { to: [{ name: 'Bob\nBcc: carol@tern.test', address: 'bob@tern.test' }] },
      /^to\.0\.name: /,
    ],
  ])('refuses %s with a 400 naming the field, and sends nothing', async (_case, change, field) => {
    const request = { ...compose({ to: [{ name: '', address: bob.email }] }), ...change };
    const response = await routes.send(request);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(field);
    expect(await delivered(bob, messageIdOf(request), 1, 1000)).toEqual([]);
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toEqual([]);
  });

  it('answers 401 to a signed-out request and sends nothing', async () => {
    const signedOut = await composeRoutes('tern-session=expired');
    const request = compose({ to: [{ name: '', address: bob.email }] });
    expect((await signedOut.send(request)).status).toBe(401);
    expect(await delivered(bob, messageIdOf(request), 1, 1000)).toEqual([]);
  });

  it('tells the composer whom the user sends as', async () => {
    const response = await routes.setup();
    expect(await response.json()).toEqual({
      identities: [{ name: '', address: alice.email }],
      attachmentMaxBytes: 25 * 1024 * 1024,
      undoSendSeconds: 5,
    });
  });
});

describe('sending when something fails', () => {
  it('keeps the draft and says not sent while the SMTP server is down; the same compose sends later', async () => {
    const closed = await closedPort();
    const request = compose({ to: [{ name: '', address: bob.email }] });
    await withConfig({ TERN_SMTP_PORT: String(closed) }, async () => {
      const result = await sent(request);
      expect(result).toMatchObject({ outcome: 'not_sent', code: 'smtp_unavailable' });
      expect(result.outcome === 'not_sent' && result.reason).toMatch(/nothing accepts connections/);
      const [draft, ...more] = await copiesIn(alice, 'Drafts', messageIdOf(request));
      expect(more).toEqual([]);
      expect(result.outcome === 'not_sent' && result.draft).toEqual({
        folder: 'Drafts',
        uid: draft!.uid,
      });
      expect([...draft!.flags].sort()).toEqual(['\\Draft', '\\Seen']);
    });

    expect(await sent({ ...request, revision: 2 })).toMatchObject({ outcome: 'sent' });
    expect(await delivered(bob, messageIdOf(request))).toHaveLength(1);
    expect(await copiesIn(alice, 'Drafts', messageIdOf(request))).toEqual([]);
  });

  it('says sent but not saved when Sent is missing, and the retry saves it without sending twice', async () => {
    const context = {
      ...composeContext(services(), alicesAccount),
      folders: async (...args: Parameters<typeof specialFolders>) => ({
        ...(await specialFolders(...args)),
        sent: 'Nowhere/Sent',
      }),
    };
    const request = compose({ to: [{ name: '', address: bob.email }] });
    const messageId = messageIdOf(request);
    const first = await sendMessage(context, request);
    expect(first).toMatchObject({ outcome: 'sent_not_saved', messageId });
    const [draft] = await copiesIn(alice, 'Drafts', messageId);
    expect(draft?.flags.has('$TernSent')).toBe(true);
    expect(await delivered(bob, messageId)).toHaveLength(1);

    expect(await sent(request)).toMatchObject({ outcome: 'sent', sent: { folder: 'Sent' } });
    expect(await copiesIn(alice, 'Sent', messageId)).toHaveLength(1);
    expect(await copiesIn(alice, 'Drafts', messageId)).toEqual([]);
    await pause(1500);
    expect(await copiesIn(bob, 'INBOX', messageId)).toHaveLength(1);
  });

  it('delivers once when the same compose is posted twice at the same time', async () => {
    const request = compose({ to: [{ name: '', address: bob.email }] });
    const [one, two] = await Promise.all([sent(request), sent(request)]);
    expect(one).toMatchObject({ outcome: 'sent' });
    expect(two).toEqual(one);
    expect(await sent(request)).toEqual(one);
    expect(await delivered(bob, messageIdOf(request))).toHaveLength(1);
    await pause(1500);
    expect(await copiesIn(bob, 'INBOX', messageIdOf(request))).toHaveLength(1);
    expect(await copiesIn(alice, 'Sent', messageIdOf(request))).toHaveLength(1);
  });

  it('says unknown when the connection drops after the whole message, and resends only when confirmed', async () => {
    const fake = await fakeSmtp('drop-after-data');
    try {
      const context = throughFake(fake);
      const request = compose({ to: [{ name: '', address: bob.email }] });
      const first = await sendMessage(context, request);
      expect(first).toMatchObject({ outcome: 'unknown', messageId: messageIdOf(request) });
      expect(fake.messages).toHaveLength(1);
      expect(fake.messages[0]).toContain(`Message-ID: ${messageIdOf(request)}`);
      const [draft] = await copiesIn(alice, 'Drafts', messageIdOf(request));
      expect(draft?.flags.has('$TernSubmitting')).toBe(true);

      expect(await sendMessage(context, request)).toMatchObject({ outcome: 'unknown' });
      expect(fake.connections).toBe(1);
      expect(await sendMessage(context, { ...request, confirmResend: true })).toMatchObject({
        outcome: 'unknown',
      });
      expect(fake.connections).toBe(2);
    } finally {
      fake.server.close();
    }
  });

  it('says not sent when the connection drops before the message was handed over', async () => {
    const fake = await fakeSmtp('drop-at-data');
    try {
      const request = compose({ to: [{ name: '', address: bob.email }] });
      const result = await sendMessage(throughFake(fake), request);
      expect(result).toMatchObject({ outcome: 'not_sent', code: 'smtp_unavailable' });
      const [draft] = await copiesIn(alice, 'Drafts', messageIdOf(request));
      expect(draft?.flags.has('$TernSubmitting')).toBe(false);
    } finally {
      fake.server.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Alice's compose context, submitting to a fake server (plain SMTP on loopback). */
function throughFake(fake: FakeSmtp): ComposeContext {
  const context = composeContext(services(), alicesAccount);
  const smtp = { host: '127.0.0.1', port: fake.port, tls: 'none' as const };
  return { ...context, config: { ...context.config, smtp } };
}

interface FakeSmtp {
  server: Server;
  port: number;
  connections: number;
  /** What each connection sent after DATA, up to where it was dropped. */
  messages: string[];
}

/** An SMTP server that takes everything, then drops the connection at DATA or after the message. */
async function fakeSmtp(mode: 'drop-after-data' | 'drop-at-data'): Promise<FakeSmtp> {
  const fake = { connections: 0, messages: [] as string[] } as FakeSmtp;
  fake.server = createServer((socket: Socket) => {
    fake.connections++;
    let buffer = '';
    let inData = false;
    socket.on('error', () => {});
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (buffer.includes('\r\n.\r\n')) {
          fake.messages.push(buffer);
          socket.destroy();
        }
        return;
      }
      for (let end = buffer.indexOf('\r\n'); end >= 0 && !inData; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^EHLO/i.test(line))
          socket.write('250-fake\r\n250-AUTH PLAIN\r\n250 SIZE 50000000\r\n');
        else if (/^AUTH/i.test(line)) socket.write('235 2.7.0 ok\r\n');
        else if (/^(MAIL|RCPT)/i.test(line)) socket.write('250 2.1.0 ok\r\n');
        else if (/^DATA/i.test(line) && mode === 'drop-at-data') socket.destroy();
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else socket.write('502 5.5.2 not here\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.port = (fake.server.address() as { port: number }).port;
  return fake;
}
