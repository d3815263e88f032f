/** Messages APPENDed by "another client" for the benchmarks that time live updates. */
import type { EventStream } from './event-stream.ts';
import { wallClock } from './measure.ts';
import { connectRaw, type ReferenceServer } from './reference/connect.ts';

type User = { email: string; password: string };
export type Appender = Awaited<ReturnType<typeof connectRaw>>;

let sequence = 0;
function message(to: string): Buffer {
  const n = ++sequence;
  return Buffer.from(
    `From: Live bench <sender@example.com>\r\nTo: ${to}\r\nSubject: Live push #${n}\r\n` +
      `Date: ${new Date().toUTCString()}\r\nMessage-ID: <live-push-${n}-${Date.now()}@example.com>\r\n` +
      `\r\nHello #${n}\r\n`,
  );
}

/** APPENDs one message to the user's INBOX; answers its UID and when the APPEND was sent. */
export async function append(client: Appender, user: User) {
  const raw = message(user.email);
  const sent = wallClock();
  const result = await client.append('INBOX', raw);
  const appended = wallClock();
  if (!result || !result.uid) throw new Error('APPEND answered no UID');
  return { uid: result.uid, sent, appended };
}

/**
 * APPENDs until the stream reports one: the first proof that the user's watcher is connected and
 * idling (a message that lands before its SELECT is in the folder already, not new).
 */
export async function appendUntilPushed(
  server: ReferenceServer,
  stream: EventStream,
  user: User,
): Promise<void> {
  const client = await connectRaw(server, user);
  try {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { uid } = await append(client, user);
      if (await stream.arrival(uid, 1500)) return;
    }
    throw new Error(`no message.new for ${user.email}`);
  } finally {
    await client.logout().catch(() => client.close());
  }
}
