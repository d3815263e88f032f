/**
 * Another IMAP client beside Tern, for tests: raw messages APPENDed straight to a test user's
 * folder for end-to-end tests that need mail nobody generated (Playwright cannot load lib/, whose
 * modules are server-only), and changes made behind Tern's back for the live-update tests.
 */
import { ImapFlow } from 'imapflow';
import { testCa, testStack } from './test-stack.ts';

export interface AppendResult {
  /** The UID of each message, in order; 0 where the server refused it. */
  uids: number[];
  refused: number;
}

/**
 * Runs `work` on an IMAP connection of the test user's own, as another mail client would (a
 * phone, a desktop client): what it changes, Tern hears of only through the server.
 */
export async function withOtherClient<T>(
  user: { email: string; password: string },
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: testStack.ports.imap,
    secure: false,
    doSTARTTLS: true,
    tls: { ca: [testCa()] },
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export async function appendRaw(
  user: { email: string; password: string },
  folder: string,
  messages: Buffer[],
  batch = 16,
): Promise<AppendResult> {
  return withOtherClient(user, async (client) => {
    const result: AppendResult = { uids: [], refused: 0 };
    await client.mailboxCreate(folder);
    for (let i = 0; i < messages.length; i += batch) {
      const answers = await Promise.allSettled(
        messages.slice(i, i + batch).map((raw) => client.append(folder, raw, ['\\Seen'])),
      );
      for (const answer of answers) {
        const uid = answer.status === 'fulfilled' && answer.value ? (answer.value.uid ?? 0) : 0;
        result.uids.push(uid);
        if (!uid) result.refused++;
      }
    }
    return result;
  });
}
