/**
 * The copies of one message in a folder, found by its Message-ID (every copy of a compose carries
 * the one Tern derived from its composeId), and the keywords that record how far a send got.
 * Every function works on the folder the client has selected.
 */
import 'server-only';
import { MailError } from '../../errors';
import type { ImapClient, ImapFetchQuery, ImapMessage } from '../../imap/client';
import { uidSet } from '../uid-set';

/** On the Drafts copy while it is handed to SMTP: found without a ledger, it may have been sent. */
export const submittingKeyword = '$TernSubmitting';
/** On the Drafts copy once SMTP accepted it: a retry only saves it to Sent. */
export const sentKeyword = '$TernSent';

export interface Copy {
  uid: number;
  flags: Set<string>;
}

/**
 * Every copy of the message in the selected folder, oldest first. A NOOP first: a connection that
 * kept the folder selected sees what others stored meanwhile only once it synced, and an answer
 * from an old view could send a message twice.
 */
export async function copiesOf(client: ImapClient, messageId: string): Promise<Copy[]> {
  await client.noop();
  const uids = await client.search({ header: { 'message-id': messageId } }, { uid: true });
  if (!uids || uids.length === 0) return [];
  const copies: Copy[] = [];
  for await (const message of client.fetch(uidSet(uids), { uid: true, flags: true }, { uid: true }))
    copies.push({ uid: message.uid, flags: message.flags ?? new Set() });
  return copies.sort((a, b) => a.uid - b.uid);
}

/** One message of the selected folder, looked for again after a sync when this view lacks it. */
export async function fetchCurrent(
  client: ImapClient,
  uid: number,
  query: ImapFetchQuery,
): Promise<ImapMessage | undefined> {
  const fetch = async () => {
    const message = await client.fetchOne(String(uid), { ...query, uid: true }, { uid: true });
    return message && message.uid === uid ? message : undefined;
  };
  const found = await fetch();
  if (found) return found;
  await client.noop();
  return fetch();
}

/**
 * APPENDs the message to the selected folder, then deletes every other copy of it (and the UIDs in
 * `also`): first the new one, then the old ones, so a failure leaves two copies, never none. Only
 * those UIDs are expunged (UIDPLUS), never other messages marked \Deleted.
 */
export async function replaceCopies(
  client: ImapClient,
  folder: string,
  message: Buffer,
  flags: string[],
  messageId: string,
  also: number[] = [],
): Promise<number> {
  const appended = await client.append(folder, message, flags);
  const copies = await copiesOf(client, messageId);
  const uid = (appended && appended.uid) || copies.at(-1)?.uid;
  if (!uid)
    throw new MailError('internal', 'The mail server did not say where it stored the copy.');
  const others = [...copies.map((c) => c.uid), ...also].filter((u) => u !== uid);
  if (others.length > 0) await client.messageDelete(uidSet(others), { uid: true });
  return uid;
}

/** Deletes every copy of the message in the selected folder; answers how many there were. */
export async function removeCopies(client: ImapClient, messageId: string): Promise<number> {
  const copies = await copiesOf(client, messageId);
  if (copies.length > 0)
    await client.messageDelete(uidSet(copies.map((c) => c.uid)), { uid: true });
  return copies.length;
}
