/**
 * The compose routes called in-process as the browser calls them, and what the tests look at
 * afterwards: a user's copies of a message (by Message-ID) seen from another IMAP client.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ComposeFields, SendRequest } from '@/lib/mail/types';
import { createServices, type Services } from '@/lib/services';
import { png } from '../support/encoders.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { testConfig } from '../support/test-config.ts';
import { closeServices, origin } from './api-session.ts';

export interface ComposeRoutes {
  send(body: unknown): Promise<Response>;
  save(composeId: string, body: unknown): Promise<Response>;
  discard(composeId: string): Promise<Response>;
  setup(): Promise<Response>;
}

export async function composeRoutes(cookie: string): Promise<ComposeRoutes> {
  const sendRoute = await import('@/app/api/send/route');
  const draftRoute = await import('@/app/api/drafts/[id]/route');
  const setupRoute = await import('@/app/api/compose/setup/route');
  const request = (path: string, method: string, body?: unknown) =>
    new Request(`${origin}${path}`, {
      method,
      headers: { cookie, origin, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    send: (body) =>
      sendRoute.POST(request('/api/send', 'POST', body), { params: Promise.resolve({}) }),
    save: (id, body) =>
      draftRoute.PUT(request(`/api/drafts/${id}`, 'PUT', body), {
        params: Promise.resolve({ id }),
      }),
    discard: (id) =>
      draftRoute.DELETE(request(`/api/drafts/${id}`, 'DELETE', {}), {
        params: Promise.resolve({ id }),
      }),
    setup: () =>
      setupRoute.GET(new Request(`${origin}/api/compose/setup`, { headers: { cookie } }), {
        params: Promise.resolve({}),
      }),
  };
}

/** A composeId as the browser draws it: 22 base64url characters. */
export function newComposeId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}

/** A plain message from the test, with whatever the test changes. */
export function compose(overrides: Partial<SendRequest> = {}): SendRequest {
  const fields: ComposeFields = {
    composeId: newComposeId(),
    revision: 1,
    to: [],
    cc: [],
    bcc: [],
    subject: `compose test ${Date.now()}`,
    body: { mode: 'text', text: 'Hello from the compose tests.' },
    attachments: [],
  };
  return { ...fields, ...overrides };
}

export interface StoredCopy {
  uid: number;
  flags: Set<string>;
  source: Buffer;
}

type User = { email: string; password: string };

/** Every copy of a message in a user's folder, by Message-ID, as another mail client sees them. */
export function copiesIn(user: User, folder: string, messageId: string): Promise<StoredCopy[]> {
  return withOtherClient(user, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
      if (!uids || uids.length === 0) return [];
      const copies: StoredCopy[] = [];
      for await (const m of client.fetch(
        uids.join(','),
        { uid: true, flags: true, source: true },
        { uid: true },
      ))
        copies.push({
          uid: m.uid,
          flags: m.flags ?? new Set(),
          source: m.source ?? Buffer.alloc(0),
        });
      return copies;
    } finally {
      lock.release();
    }
  });
}

/** Waits for Postfix → LMTP to deliver a message into a user's INBOX (or gives up, answering what is there). */
export async function delivered(
  user: User,
  messageId: string,
  count = 1,
  timeoutMs = 15_000,
): Promise<StoredCopy[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const copies = await copiesIn(user, 'INBOX', messageId);
    if (copies.length >= count || Date.now() > deadline) return copies;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The header block of a raw message, unfolded, as name → values (names lower-cased). */
export function headersOf(source: Buffer): Map<string, string[]> {
  const text = source.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const fields = new Map<string, string[]>();
  for (const line of text
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    fields.set(name, [...(fields.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return fields;
}

/** Runs work with Tern's services built from another configuration (the routes find them there). */
export async function withConfig(
  overrides: Record<string, string>,
  work: () => Promise<void>,
): Promise<void> {
  await closeServices();
  const holder = globalThis as Record<symbol, Services | undefined>;
  holder[Symbol.for('tern.services')] = createServices(testConfig(overrides));
  try {
    await work();
  } finally {
    await closeServices();
  }
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const base64Lines = (bytes: Buffer) =>
  bytes.toString('base64').replace(/.{76}/g, '$&\r\n').trimEnd();

/** A message from bob with an inline PNG (part 1.2) and `file` attached as data.bin (part 2). */
export function messageWithFiles(messageId: string, file: Buffer): Buffer {
  return Buffer.from(
    [
      'From: Bob <bob@tern.test>',
      'To: alice@tern.test',
      'Subject: The figures',
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      `Message-ID: ${messageId}`,
      'References: <earlier@tern.test>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="mix"',
      '',
      '--mix',
      'Content-Type: multipart/related; boundary="rel"',
      '',
      '--rel',
      'Content-Type: text/html; charset=utf-8',
      '',
      '<p>Chart: <img src="cid:chart@tern.test"></p>',
      '--rel',
      'Content-Type: image/png',
      'Content-ID: <chart@tern.test>',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(png),
      '--rel--',
      '--mix',
      'Content-Type: application/octet-stream; name="data.bin"',
      'Content-Disposition: attachment; filename="data.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(file),
      '--mix--',
      '',
    ].join('\r\n'),
  );
}
