/** The local mail stack is real Dovecot + Postfix: what Tern and its tests rely on is checked here. */
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { connectImap, type ImapClient } from '@/lib/imap/client';
import { alice, bob, testCa, testStack } from '../support/test-stack.ts';

async function signIn(
  user: { email: string; password: string },
  tls: 'starttls' | 'implicit' = 'starttls',
): Promise<ImapClient> {
  const port = tls === 'implicit' ? testStack.ports.imaps : testStack.ports.imap;
  return connectImap({
    endpoint: { host: '127.0.0.1', port, tls },
    tlsCa: testCa(),
    auth: { user: user.email, pass: user.password },
  });
}

async function waitForSubject(user: typeof alice, subject: string): Promise<boolean> {
  const client = await signIn(user);
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const lock = await client.getMailboxLock('INBOX');
      try {
        const found = await client.search({ header: { subject } }, { uid: true });
        if (found && found.length > 0) return true;
      } finally {
        lock.release();
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  } finally {
    await client.logout();
  }
}

describe('Dovecot', () => {
  it('advertises what Tern builds on, after STARTTLS and over implicit TLS', async () => {
    for (const tls of ['starttls', 'implicit'] as const) {
      const client = await signIn(alice, tls);
      const capabilities = [...client.capabilities.keys()];
      await client.logout();
      for (const needed of [
        'IDLE',
        'CONDSTORE',
        'QRESYNC',
        'SPECIAL-USE',
        'MOVE',
        'SORT',
        'THREAD=REFERENCES',
        'ESEARCH',
        'LITERAL+',
        'LIST-STATUS',
        'UIDPLUS',
        'NOTIFY',
      ]) {
        expect(capabilities, `${tls} lacks ${needed}`).toContain(needed);
      }
    }
  });

  it('creates and subscribes the special-use folders', async () => {
    const client = await signIn(bob);
    const folders = await client.list();
    await client.logout();
    for (const use of ['\\Drafts', '\\Sent', '\\Archive', '\\Junk', '\\Trash']) {
      const folder = folders.find((f) => f.specialUse === use);
      expect(folder, use).toBeDefined();
      expect(folder?.subscribed, `${use} subscribed`).toBe(true);
    }
  });

  it('refuses a wrong password', async () => {
    await expect(signIn({ email: alice.email, password: 'wrong' })).rejects.toMatchObject({
      code: 'auth_failed',
    });
  });
});

describe('Postfix', () => {
  it('delivers mail for the stack domain to Dovecot over LMTP', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: testStack.ports.smtp,
      secure: false,
      ignoreTLS: true,
    });
    const subject = `delivery check ${Date.now()}`;
    await transport.sendMail({
      from: 'someone@example.com',
      to: alice.email,
      subject,
      text: 'hello',
    });
    expect(await waitForSubject(alice, subject)).toBe(true);
  });

  it('relays nowhere else', async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: testStack.ports.smtp,
      secure: false,
      ignoreTLS: true,
    });
    await expect(
      transport.sendMail({ from: alice.email, to: 'someone@example.org', subject: 'x', text: 'x' }),
    ).rejects.toThrow(/own domain/);
  });

  it('accepts submission only after STARTTLS and SASL login through Dovecot', async () => {
    const base = {
      host: '127.0.0.1',
      port: testStack.ports.submission,
      secure: false,
      requireTLS: true,
      tls: { ca: [testCa()] },
    };
    const anonymous = nodemailer.createTransport(base);
    await expect(
      anonymous.sendMail({ from: bob.email, to: alice.email, subject: 'x', text: 'x' }),
    ).rejects.toThrow();
    const wrong = nodemailer.createTransport({ ...base, auth: { user: bob.email, pass: 'wrong' } });
    await expect(wrong.verify()).rejects.toThrow(/auth/i);

    const signedIn = nodemailer.createTransport({
      ...base,
      auth: { user: bob.email, pass: bob.password },
    });
    const subject = `submission check ${Date.now()}`;
    await signedIn.sendMail({ from: bob.email, to: alice.email, subject, text: 'hi' });
    expect(await waitForSubject(alice, subject)).toBe(true);
  });
});
