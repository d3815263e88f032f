/**
 * GET /api/events in-process against the real Dovecot and Postfix: mail delivered through SMTP,
 * flags and expunges made by another IMAP client, a Dovecot restart with mail delivered while it
 * was down, replay after a reconnect, and 100 streams opened and closed leaving nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import type * as eventRoutes from '@/app/api/events/route';
import { LiveHub } from '@/lib/mail/live/hub';
import type { MailEvent } from '@/lib/mail/types';
import { MaildirWriter } from '../../scripts/stack/maildir.ts';
import { imapConnections } from '../../scripts/stack/seed.ts';
import { userMaildir } from '../../scripts/stack/options.ts';
import { stopDovecot, up } from '../../scripts/stack/stack.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { alice, testStack } from '../support/test-stack.ts';
import { closeServices, origin, services, signInCookie } from './api-session.ts';

let events: typeof eventRoutes;
let cookie = '';
const quiet = () => {};

beforeAll(async () => {
  events = await import('@/app/api/events/route');
  cookie = await signInCookie(alice, '192.0.2.60');
  await withImap((client) => client.mailboxCreate('Live').catch(() => undefined));
}, 60_000);

afterAll(closeServices);

interface Received {
  id: string;
  event: MailEvent;
}

/** An open stream, read frame by frame as a browser's EventSource would. */
class Stream {
  readonly received: Received[] = [];
  private readonly abort = new AbortController();
  private reading: Promise<void> = Promise.resolve();
  status = 0;

  static async open(query = '', lastEventId?: string): Promise<Stream> {
    const stream = new Stream();
    const headers: Record<string, string> = { cookie };
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const response = await events.GET(
      new Request(`${origin}/api/events${query}`, { headers, signal: stream.abort.signal }),
      { params: Promise.resolve({}) },
    );
    stream.status = response.status;
    if (response.body) stream.reading = stream.read(response.body);
    return stream;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (id && data) this.received.push({ id, event: JSON.parse(data) as MailEvent });
        }
      }
    } catch {
      // aborted
    }
  }

  /** Waits for an event matching `match`, and answers it. */
  async next<T extends MailEvent>(match: (event: MailEvent) => event is T, timeout = 15_000) {
    let found: T | undefined;
    await expect
      .poll(
        () => {
          found = this.received.map((r) => r.event).find(match);
          return found !== undefined;
        },
        { timeout, interval: 20 },
      )
      .toBe(true);
    return found!;
  }

  lastId(): string | undefined {
    return this.received.at(-1)?.id;
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}

type ImapFlow = Parameters<Parameters<typeof withOtherClient>[1]>[0];
const withImap = <T>(work: (client: ImapFlow) => Promise<T>) => withOtherClient(alice, work);

/** A TCP relay to Dovecot whose open connections can be made to go quiet without closing. */
async function blackHoleProxy(target: number) {
  const silenced = new WeakSet<Socket>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (data) => !silenced.has(client) && upstream.write(data));
    upstream.on('data', (data) => !silenced.has(client) && client.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    /** The connections open now stop carrying anything; new ones work. */
    silence: () => sockets.forEach((socket) => silenced.add(socket)),
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      server.close();
    },
  };
}

async function sendToAlice(subject: string): Promise<void> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: testStack.ports.smtp,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({ from: 'someone@example.com', to: alice.email, subject, text: 'hi' });
}

const newWith =
  (subject: string) =>
  (event: MailEvent): event is Extract<MailEvent, { type: 'message.new' }> =>
    event.type === 'message.new' && event.summary.subject === subject;

const rawMessage = (subject: string) =>
  Buffer.from(
    `From: Someone <someone@example.com>\r\nTo: ${alice.email}\r\nSubject: ${subject}\r\n` +
      `Date: ${new Date().toUTCString()}\r\nMessage-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n\r\nHello\r\n`,
  );

describe('GET /api/events', () => {
  it('answers 401 without a session, and an event stream with one', async () => {
    const anonymous = await events.GET(new Request(`${origin}/api/events`), {
      params: Promise.resolve({}),
    });
    expect(anonymous.status).toBe(401);
    const response = await events.GET(
      new Request(`${origin}/api/events`, { headers: { cookie } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('retry: 3000\n\n');
    await reader.cancel();
  });

  it('pushes mail delivered through Postfix as message.new, with the INBOX counts', async () => {
    const stream = await Stream.open();
    try {
      await expect.poll(() => services().live.stats().connections).toBe(1);
      const subject = `live delivery ${Date.now()}`;
      await sendToAlice(subject);
      const arrived = await stream.next(newWith(subject));
      expect(arrived.folder).toBe('INBOX');
      expect(arrived.summary.from[0]?.address).toBe('someone@example.com');
      expect(arrived.summary.flags).not.toContain('\\Seen');
      const counts = await stream.next(
        (e): e is Extract<MailEvent, { type: 'folder.counts' }> =>
          e.type === 'folder.counts' && e.path === 'INBOX',
      );
      expect(counts.unseen).toBeGreaterThan(0);
    } finally {
      await stream.close();
    }
  });

  it('reports flag changes and expunges made by another client in the open folder', async () => {
    const stream = await Stream.open('?folder=Live');
    try {
      await expect.poll(() => services().live.stats().connections).toBe(2);
      const subject = `live flags ${Date.now()}`;
      const appended = await withImap((client) => client.append('Live', rawMessage(subject)));
      const uid = appended ? (appended.uid ?? 0) : 0;
      expect(uid).toBeGreaterThan(0);
      await stream.next(newWith(subject));

      await withImap(async (client) => {
        await client.mailboxOpen('Live');
        await client.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true });
      });
      const flagged = await stream.next(
        (e): e is Extract<MailEvent, { type: 'message.flags' }> =>
          e.type === 'message.flags' && e.uid === uid && e.flags.includes('\\Flagged'),
      );
      expect(flagged.folder).toBe('Live');

      await withImap(async (client) => {
        await client.mailboxOpen('Live');
        await client.messageDelete(String(uid), { uid: true });
      });
      const gone = await stream.next(
        (e): e is Extract<MailEvent, { type: 'message.expunged' }> =>
          e.type === 'message.expunged' && e.uids.includes(uid),
      );
      expect(gone.folder).toBe('Live');

      // After an expunge, the next arrival still counts as new (imapflow's VANISHED slip).
      const after = `live after expunge ${Date.now()}`;
      await withImap((client) => client.append('Live', rawMessage(after)));
      await stream.next(newWith(after));
    } finally {
      await stream.close();
    }
  });

  it('tells a new stream its folders’ state, which a list page fetched then carries too', async () => {
    const listRoute = await import('@/app/api/folders/[path]/messages/route');
    const pageVersion = async () => {
      const response = await listRoute.GET(
        new Request(`${origin}/api/folders/Live/messages?limit=5&refresh=1`, {
          headers: { cookie },
        }),
        { params: Promise.resolve({ path: 'Live' }) },
      );
      return ((await response.json()) as { version: string }).version;
    };
    type State = Extract<MailEvent, { type: 'folder.state' }>;
    const stateOf =
      (path: string) =>
      (e: MailEvent): e is State =>
        e.type === 'folder.state' && e.path === path;

    const before = await pageVersion();
    const first = await Stream.open('?folder=Live');
    try {
      expect((await first.next(stateOf('Live'))).version).toBe(before);
      expect((await first.next(stateOf('INBOX'))).version).toMatch(/^\d+:\d+:\d+$/);
      // Another client changes the folder: the next new stream hears of a new version.
      const subject = `state ${Date.now()}`;
      await withImap((client) => client.append('Live', rawMessage(subject)));
      await first.next(newWith(subject));
      const second = await Stream.open('?folder=Live');
      try {
        const now = (await second.next(stateOf('Live'))).version;
        expect(now).not.toBe(before);
        expect(now).toBe(await pageVersion());
      } finally {
        await second.close();
      }
      // A stream that resumes hears what it missed instead.
      const resumed = await Stream.open('?folder=Live', first.lastId());
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(resumed.received.some((r) => r.event.type === 'folder.state')).toBe(false);
      } finally {
        await resumed.close();
      }
    } finally {
      await first.close();
    }
  });

  it('keeps watching the INBOX when the folder a tab has open is not there', async () => {
    const stream = await Stream.open('?folder=Nowhere');
    try {
      await stream.next((e): e is MailEvent => e.type === 'folder.list');
      const subject = `still watching ${Date.now()}`;
      await sendToAlice(subject);
      await stream.next(newWith(subject));
      expect(stream.received.some((r) => r.event.type === 'connection')).toBe(false);
    } finally {
      await stream.close();
    }
  });

  it('pushes other folders’ counts through NOTIFY', async () => {
    const stream = await Stream.open();
    try {
      await expect.poll(() => services().live.stats().connections).toBe(1);
      await withImap((client) => client.append('Live', rawMessage(`counted ${Date.now()}`)));
      const counts = await stream.next(
        (e): e is Extract<MailEvent, { type: 'folder.counts' }> =>
          e.type === 'folder.counts' && e.path === 'Live',
      );
      expect(counts.total).toBeGreaterThan(0);
    } finally {
      await stream.close();
    }
  });

  it('asks for every folder’s counts now and then where the server has no NOTIFY', async () => {
    const { config } = services();
    const hub = new LiveHub({
      endpoint: config.imap,
      tlsCa: config.tlsCa,
      changed: () => {},
      graceMs: 100,
      notify: false,
      countsEveryMs: 300,
    });
    const counts: Array<Extract<MailEvent, { type: 'folder.counts' }>> = [];
    const stop = hub.subscribe(
      { sid: 'no-notify', email: alice.email, password: alice.password },
      undefined,
      undefined,
      { send: ({ event }) => event.type === 'folder.counts' && counts.push(event), end: () => {} },
    );
    try {
      const liveTotal = () => counts.filter((c) => c.path === 'Live').at(-1)?.total;
      await expect.poll(liveTotal, { timeout: 5000 }).toBeDefined();
      const before = liveTotal()!;
      await withImap((client) => client.append('Live', rawMessage(`polled ${Date.now()}`)));
      await expect.poll(liveTotal, { timeout: 5000 }).toBe(before + 1);
    } finally {
      stop();
      await expect.poll(() => hub.stats().users).toBe(0);
    }
  });

  it('replays what a reconnecting browser missed, and resets what it cannot replay', async () => {
    const first = await Stream.open();
    const second = await Stream.open();
    const subject = `while away ${Date.now()}`;
    try {
      await expect.poll(() => services().live.stats().connections).toBe(1);
      const before = `before leaving ${Date.now()}`;
      await sendToAlice(before);
      await first.next(newWith(before));
      const lastSeen = first.lastId()!;
      await first.close();
      // The other tab keeps the watcher; mail arrives while the first is away.
      await sendToAlice(subject);
      await second.next(newWith(subject));
      const back = await Stream.open('', lastSeen);
      await back.next(newWith(subject));
      expect(back.received.some((r) => r.event.type === 'folder.reset')).toBe(false);
      await back.close();

      const stranger = await Stream.open('?folder=Live', 'someotherepoch.5');
      await stranger.next(
        (e): e is MailEvent => e.type === 'folder.reset' && e.path === 'Live',
        5000,
      );
      await stranger.close();
    } finally {
      await second.close();
    }
  });

  it('recovers from a Dovecot restart and delivers what arrived meanwhile', async () => {
    const stream = await Stream.open();
    try {
      await expect.poll(() => services().live.stats().connections).toBe(1);
      await stopDovecot(testStack.dir);
      await stream.next(
        (e): e is MailEvent => e.type === 'connection' && e.state === 'reconnecting',
      );
      const subject = `during outage ${Date.now()}`;
      // doveadm needs Dovecot running: the file goes straight into the INBOX's Maildir.
      new MaildirWriter(userMaildir(testStack.dir, alice.email), testStack.mailUid).write({
        raw: rawMessage(subject),
        date: new Date(),
        flags: '',
      });
      await up(testStack, quiet);
      await stream.next(
        (e): e is MailEvent => e.type === 'connection' && e.state === 'live',
        30_000,
      );
      await stream.next(newWith(subject));
      // Nothing new is sent before what was missed.
      const types = stream.received.map((r) => r.event.type);
      expect(types.lastIndexOf('connection')).toBeGreaterThan(types.indexOf('connection'));
    } finally {
      await stream.close();
    }
  }, 60_000);

  it('notices a connection that went silent, reconnects and resyncs', async () => {
    const proxy = await blackHoleProxy(testStack.ports.imap);
    const { config } = services();
    const hub = new LiveHub({
      endpoint: { ...config.imap, port: proxy.port },
      tlsCa: config.tlsCa,
      changed: () => {},
      graceMs: 100,
      liveness: { everyMs: 500, deadlineMs: 1000 },
    });
    const received: MailEvent[] = [];
    const account = { sid: 'silent', email: alice.email, password: alice.password };
    const stop = hub.subscribe(account, undefined, undefined, {
      send: ({ event }) => received.push(event),
      end: () => {},
    });
    try {
      await expect.poll(() => hub.stats().connections, { timeout: 10_000 }).toBe(1);
      const started = performance.now();
      proxy.silence();
      await expect
        .poll(() => received.some((e) => e.type === 'connection' && e.state === 'reconnecting'), {
          timeout: 5000,
        })
        .toBe(true);
      expect(performance.now() - started).toBeLessThan(5000);
      const subject = `after silence ${Date.now()}`;
      await sendToAlice(subject);
      await expect.poll(() => received.some(newWith(subject)), { timeout: 20_000 }).toBe(true);
      await expect
        .poll(() => received.some((e) => e.type === 'connection' && e.state === 'live'))
        .toBe(true);
    } finally {
      stop();
      await expect.poll(() => hub.stats().users).toBe(0);
      proxy.close();
    }
  }, 40_000);

  it('leaves no IMAP connection or listener behind after 100 streams open and close', async () => {
    // The last test's watcher first goes (after its grace period), to count without it.
    await expect.poll(() => services().live.stats().users, { timeout: 15_000 }).toBe(0);
    const handlesBefore = process.getActiveResourcesInfo().length;
    const imapBefore = imapConnections(testStack, alice.email);
    for (let i = 0; i < 100; i++) {
      const stream = await Stream.open(i % 2 ? '?folder=Live' : '');
      await stream.close();
    }
    const live = services().live;
    expect(live.stats().subscribers).toBe(0);
    // The watcher is released after its grace period.
    await expect
      .poll(() => live.stats(), { timeout: 20_000 })
      .toEqual({
        users: 0,
        subscribers: 0,
        connections: 0,
      });
    await expect
      .poll(() => process.getActiveResourcesInfo().length, { timeout: 10_000 })
      .toBeLessThanOrEqual(handlesBefore + 2);
    // Dovecot's own count: no watcher connection outlived its streams.
    await expect.poll(() => imapConnections(testStack, alice.email)).toBe(imapBefore);
  }, 90_000);
});
