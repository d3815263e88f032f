/**
 * GET /api/compose/contacts in-process against Dovecot: the recipients of what the user sent and
 * the senders of what they received, written there by another mail client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as contactRoutes from '@/app/api/compose/contacts/route';
import { contactLimits, forgetContacts } from '@/lib/mail/compose/contacts';
import type { ContactList } from '@/lib/mail/types';
import { withOtherClient } from '../support/imap-append.ts';
import { bob } from '../support/test-stack.ts';
import { closeServices, origin, signInCookie } from './api-session.ts';

let contacts: typeof contactRoutes;
let cookie = '';

/** A message as another client would file it, dated `daysAgo` days back. */
function message(headers: Record<string, string>, daysAgo: number): Buffer {
  const date = new Date(Date.now() - daysAgo * 24 * 60 * 60_000).toUTCString();
  const lines = Object.entries({ Date: date, Subject: 'Hello', ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  return Buffer.from([...lines, 'MIME-Version: 1.0', '', 'Hello.', ''].join('\r\n'));
}

async function append(folder: string, messages: Buffer[]): Promise<void> {
  await withOtherClient(bob, async (client) => {
    for (const raw of messages) await client.append(folder, raw, ['\\Seen']);
  });
}

beforeAll(async () => {
  contacts = await import('@/app/api/compose/contacts/route');
  const me = `Bob <${bob.email}>`;
  await append('Sent', [
    // The oldest: outside the window the test narrows Sent to.
    message({ From: me, To: 'Old Friend <old.friend@example.org>' }, 30),
    message({ From: me, To: 'Carol Old <carol@example.org>' }, 20),
    message(
      {
        From: me,
        To: 'Carol Example <carol@example.org>, Bob Again <BOB@tern.test>',
        Cc: 'dave@example.org',
        Bcc: 'Erin <erin@example.org>',
      },
      2,
    ),
    message({ From: me, To: 'carol@example.org', Cc: 'undisclosed-recipients:;' }, 1),
  ]);
  await append('INBOX', [
    message({ From: 'Frank <frank@example.org>', To: me }, 3),
    message({ From: 'Carol Example <carol@example.org>', To: me }, 1),
    message({ From: me, To: me }, 1),
  ]);
  cookie = await signInCookie(bob, '192.0.2.81');
});

afterAll(closeServices);

async function list(): Promise<ContactList['contacts']> {
  const response = await contacts.GET(
    new Request(`${origin}/api/compose/contacts`, { headers: { cookie } }),
    { params: Promise.resolve({}) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as ContactList).contacts;
}

describe('contacts', () => {
  it('come from Sent recipients and INBOX senders, best first, without the user', async () => {
    const sent = contactLimits.sent;
    contactLimits.sent = 3;
    forgetContacts(bob.email);
    try {
      const found = await list();
      const addresses = found.map((c) => c.address.toLowerCase());
      // Other test files send Bob mail too (from alice and demo): rank the ones planted here.
      const planted = found.filter((c) => c.address.toLowerCase().endsWith('@example.org'));
      expect(planted[0]!.address.toLowerCase()).toBe('carol@example.org');
      expect(planted[0]!.name).toBe('Carol Example');
      expect(addresses).toEqual(
        expect.arrayContaining(['dave@example.org', 'erin@example.org', 'frank@example.org']),
      );
      expect(addresses).not.toContain('bob@tern.test');
      expect(addresses).not.toContain('old.friend@example.org');
      expect(found.every((c) => c.score > 0)).toBe(true);
      expect(found.map((c) => c.score)).toEqual(
        [...found.map((c) => c.score)].sort((a, b) => b - a),
      );
    } finally {
      contactLimits.sent = sent;
    }
  });

  it('are computed once and reused for ten minutes', async () => {
    forgetContacts(bob.email);
    const first = await list();
    await append('Sent', [message({ From: bob.email, To: 'newcomer@example.org' }, 0)]);
    expect(await list()).toEqual(first);
    forgetContacts(bob.email);
    const fresh = (await list()).map((c) => c.address);
    expect(fresh).toContain('newcomer@example.org');
    expect(fresh).toContain('old.friend@example.org');
  });

  it('answer 401 without a session', async () => {
    const response = await contacts.GET(new Request(`${origin}/api/compose/contacts`), {
      params: Promise.resolve({}),
    });
    expect(response.status).toBe(401);
  });
});
