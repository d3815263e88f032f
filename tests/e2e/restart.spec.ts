/** A user's cookie outlives the Tern process: a restarted server rebuilds the IMAP session from it. */
import { expect, test } from '@playwright/test';
import { alice, testServerEnv } from '../support/test-stack.ts';
import { startTern, waitUntilListening } from '../../scripts/tern-process.ts';

test.skip(({ isMobile }) => isMobile, 'no browser involved: once is enough');

test('the session survives a restart of the Tern server', async () => {
  const port = 3196;
  const env = { ...testServerEnv(), TERN_PUBLIC_URL: `http://127.0.0.1:${port}` };
  const json = { 'content-type': 'application/json', origin: env.TERN_PUBLIC_URL };

  let tern = startTern(port, env);
  let cookie: string;
  try {
    await waitUntilListening(tern);
    const signIn = await fetch(`${tern.url}/api/session`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: alice.email, password: alice.password }),
    });
    expect(signIn.status).toBe(200);
    cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  } finally {
    await tern.stop();
  }

  tern = startTern(port, env);
  try {
    await waitUntilListening(tern);
    const me = await fetch(`${tern.url}/api/session`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ user: { email: alice.email } });
    const page = await fetch(`${tern.url}/mail/INBOX`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(tern.output()).toContain('tern: listening');
  } finally {
    await tern.stop();
  }
  expect(await tern.exitCode).toBe(0);
});
