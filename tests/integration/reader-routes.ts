/**
 * The reading routes called in-process as the browser calls them, and a folder filled with raw
 * messages through APPEND, for tests that open many messages the way Tern's users would.
 */
import type { MessageView } from '@/lib/mail/types';
import { origin, services } from './api-session.ts';

export interface ReaderRoutes {
  /** GET /api/folders/{folder}/messages/{uid} */
  message(uid: number): Promise<Response>;
  /** GET /api/folders/{folder}/messages/{uid}/parts/{partId} */
  part(uid: number, partId: string): Promise<Response>;
  /** The message as JSON, failing on anything but 200. */
  read(uid: number): Promise<MessageView>;
}

export async function readerRoutes(folder: string, cookie: string): Promise<ReaderRoutes> {
  const messageRoute = await import('@/app/api/folders/[path]/messages/[uid]/route');
  const partRoute = await import('@/app/api/folders/[path]/messages/[uid]/parts/[partId]/route');
  const segment = encodeURIComponent(folder);
  const message = (uid: number) =>
    messageRoute.GET(
      new Request(`${origin}/api/folders/${segment}/messages/${uid}`, { headers: { cookie } }),
      { params: Promise.resolve({ path: segment, uid: String(uid) }) },
    );
  return {
    message,
    part: (uid, partId) =>
      partRoute.GET(
        new Request(`${origin}/api/folders/${segment}/messages/${uid}/parts/${partId}`, {
          headers: { cookie },
        }),
        { params: Promise.resolve({ path: segment, uid: String(uid), partId }) },
      ),
    async read(uid) {
      const response = await message(uid);
      if (response.status !== 200)
        throw new Error(`message ${uid}: ${response.status} ${await response.text()}`);
      return (await response.json()) as MessageView;
    },
  };
}

export interface Appended {
  /** Name → UID of every message the server took. */
  uids: Map<string, number>;
  /** Messages the server refused to store, with its reason. */
  refused: Array<{ name: string; reason: string }>;
}

/**
 * APPENDs raw messages to a new folder, a batch of commands in flight at a time on one
 * connection. A message the server will not store is reported as refused, not thrown.
 */
export async function appendMessages(
  account: { sid: string; email: string; password: string },
  folder: string,
  messages: Array<{ name: string; raw: Buffer }>,
  batch = 16,
): Promise<Appended> {
  const result: Appended = { uids: new Map(), refused: [] };
  await services().pool.use(account, async (client) => {
    await client.mailboxCreate(folder);
    for (let i = 0; i < messages.length; i += batch) {
      const slice = messages.slice(i, i + batch);
      const answers = await Promise.allSettled(
        slice.map((m) => client.append(folder, m.raw, ['\\Seen'])),
      );
      answers.forEach((answer, j) => {
        const { name } = slice[j]!;
        if (answer.status === 'fulfilled' && answer.value && answer.value.uid)
          result.uids.set(name, answer.value.uid);
        else
          result.refused.push({
            name,
            reason: answer.status === 'rejected' ? String(answer.reason) : 'no UID in the answer',
          });
      });
    }
  });
  return result;
}
