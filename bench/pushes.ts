/** Messages APPENDed by "another client" for the benchmarks that time live updates. */
import { Arrivals, type EventStream, type Stamped } from './event-stream.ts';
import { startReference, wallClock } from './measure.ts';
import { connectRaw, type ReferenceServer } from './reference/connect.ts';
import type { RawIdleMessage } from './reference/raw-idle.ts';

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

/** The floor of push latency: raw imapflow idling on the INBOX in a process of its own. */
export interface IdleFloor {
  /** Each EXISTS it saw, stamped with the wall clock the moment imapflow reported it. */
  exists: Arrivals<Stamped<{ count: number }>>;
  /** The INBOX's message count once it idles; rejects if the process fails before. */
  ready: Promise<number>;
  /** Throws what ended the process early, if it did. */
  check: () => void;
  stop: () => Promise<void>;
}

export function startIdleFloor(server: ReferenceServer, user: User): IdleFloor {
  const exists = new Arrivals<Stamped<{ count: number }>>();
  let failure: Error | undefined;
  let ready: (count: number) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const count = new Promise<number>((resolve, reject) => ((ready = resolve), (fail = reject)));
  const reference = startReference<RawIdleMessage>(
    'raw-idle',
    { ...server, user, folder: 'INBOX' },
    (line) => ('ready' in line ? ready(line.ready) : exists.add(line)),
    (error) => fail((failure = error)),
  );
  return {
    exists,
    ready: count,
    check: () => {
      if (failure) throw failure;
    },
    stop: () => reference.stop(),
  };
}
