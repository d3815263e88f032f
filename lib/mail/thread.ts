/**
 * The conversation a message belongs to, within its folder: the server's THREAD (by References
 * and In-Reply-To), computed once per set of messages in the folder and cached, since threads
 * change only when messages arrive or go, never with flags.
 */
import 'server-only';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import { threadAlgorithm, threadUids } from '../imap/sort';
import type { MessageCache } from './message-cache';
import { fetchByUid } from './messages';
import type { Conversation } from './types';

/** The most messages of one conversation listed (the latest ones). */
const maxListed = 50;

export async function conversationOf(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  uid: number,
): Promise<Conversation> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new MailError('not_found', 'That folder does not exist (any more).');
  const algorithm = threadAlgorithm(client);
  if (!algorithm) return { messages: await fetchByUid(client, [uid]) };
  const scope = cache.scope(user, path, String(mailbox.uidValidity));
  const version = `${algorithm}:${mailbox.exists}:${mailbox.uidNext}`;
  const byUid =
    cache.threads(scope, version) ??
    cache.rememberThreads(scope, version, await threadUids(client, algorithm));
  const members = [...(byUid.get(uid) ?? [uid])].sort((a, b) => a - b).slice(-maxListed);
  const messages = await fetchByUid(client, members);
  if (!messages.some((m) => m.uid === uid))
    throw new MailError('not_found', 'That message is not in this folder (any more).');
  return { messages: messages.sort((a, b) => a.date.localeCompare(b.date) || a.uid - b.uid) };
}
