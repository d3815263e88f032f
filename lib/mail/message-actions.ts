/**
 * Changing messages: flags, move, copy, delete. A selection is a list of UIDs or the whole folder
 * (`all: true`, acted on server-side as one UID range, never listed in the browser). UIDs that
 * are not (or no longer) in the folder are left out and reported.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import type { MessageCache } from './message-cache';
import type { MessageActionResult } from './types';
import { uidSet } from './uid-set';

const uid = z.number({ error: 'must be message UIDs' }).int().min(1).max(4_294_967_295);

/** IMAP flags: the system flags a user may set, or keywords made of atom characters. */
const flag = z
  .string()
  .refine(
    (value) =>
      ['\\Seen', '\\Flagged', '\\Answered', '\\Draft'].includes(value) ||
      /^[A-Za-z0-9$_.+-]{1,64}$/.test(value),
    'must be \\Seen, \\Flagged, \\Answered, \\Draft or a keyword of letters, digits and $_.+-',
  );

const selectionFields = {
  uids: z.array(uid).min(1, 'must name at least one message').max(10_000).optional(),
  all: z.literal(true, { error: 'must be true' }).optional(),
};

function exactlyOneSelection(value: { uids?: number[]; all?: true }): boolean {
  return (value.uids === undefined) !== (value.all === undefined);
}
const selectionMessage = { message: 'give either uids or all: true', path: ['uids'] };

export const flagChange = z
  .object({
    ...selectionFields,
    add: z.array(flag).max(10).optional(),
    remove: z.array(flag).max(10).optional(),
  })
  .refine(exactlyOneSelection, selectionMessage)
  .refine((value) => (value.add?.length ?? 0) + (value.remove?.length ?? 0) > 0, {
    message: 'give flags to add or remove',
    path: ['add'],
  });

export const transfer = z
  .object({
    ...selectionFields,
    to: z.string({ error: 'must name the folder' }).min(1, 'must name the folder').max(1000),
  })
  .refine(exactlyOneSelection, selectionMessage);

export const removal = z.object({
  uids: z.array(uid).min(1, 'must name at least one message').max(10_000),
});

type Selection = { uids?: number[]; all?: true };

/** The selection as an IMAP UID set, and the requested UIDs that are not in the folder. */
async function resolve(
  client: ImapClient,
  selection: Selection,
): Promise<{ set: string; count: number; missing: number[] }> {
  if (!selection.uids) {
    const total = client.mailbox ? client.mailbox.exists : 0;
    return { set: '1:*', count: total, missing: [] };
  }
  const found = new Set(
    (await client.search({ uid: uidSet(selection.uids) }, { uid: true })) || [],
  );
  const present = selection.uids.filter((u) => found.has(u));
  const missing = selection.uids.filter((u) => !found.has(u));
  return { set: uidSet(present), count: present.length, missing };
}

export async function changeFlags(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  change: z.infer<typeof flagChange>,
): Promise<MessageActionResult> {
  const { set, count, missing } = await resolve(client, change);
  if (count > 0) {
    if (change.add?.length) await client.messageFlagsAdd(set, change.add, { uid: true });
    if (change.remove?.length) await client.messageFlagsRemove(set, change.remove, { uid: true });
    cache.markChanged(user, path);
  }
  return { affected: count, missing };
}

export async function transferMessages(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  request: z.infer<typeof transfer>,
  mode: 'move' | 'copy',
): Promise<MessageActionResult> {
  if (request.to === path)
    throw new MailError('invalid_request', 'to: is the folder the messages are already in');
  await assertFolderExists(client, request.to);
  const { set, count, missing } = await resolve(client, request);
  if (count > 0) {
    const done =
      mode === 'move'
        ? await client.messageMove(set, request.to, { uid: true })
        : await client.messageCopy(set, request.to, { uid: true });
    if (!done) throw new MailError('internal', `The mail server refused to ${mode} the messages.`);
    cache.markChanged(user, path);
    cache.markChanged(user, request.to);
    const moved = done.uidMap ? [...done.uidMap.values()] : [];
    if (moved.length > 0 && moved.length <= undoableCount)
      return { affected: count, missing, destination: { folder: request.to, uids: moved } };
  }
  return { affected: count, missing };
}

/** Moves of more messages than this are not offered for undo (the answer would be too large). */
const undoableCount = 10_000;

/** Moves messages to Trash, or deletes them for good when they already are in Trash. */
export async function deleteMessages(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  uids: number[],
): Promise<MessageActionResult> {
  const trash = await trashFolder(client);
  const { set, count, missing } = await resolve(client, { uids });
  if (count > 0) {
    if (trash && trash !== path) {
      const moved = await client.messageMove(set, trash, { uid: true });
      if (!moved)
        throw new MailError('internal', 'The mail server refused to delete the messages.');
      cache.markChanged(user, path);
      cache.markChanged(user, trash);
      const uids = moved.uidMap ? [...moved.uidMap.values()] : [];
      if (uids.length > 0)
        return { affected: count, missing, destination: { folder: trash, uids } };
    } else {
      const done = await client.messageDelete(set, { uid: true });
      if (!done) throw new MailError('internal', 'The mail server refused to delete the messages.');
      cache.markChanged(user, path);
    }
  }
  return { affected: count, missing };
}

async function assertFolderExists(client: ImapClient, path: string): Promise<void> {
  const status = await client.status(path, { messages: true }).catch(() => false as const);
  if (!status) throw new MailError('not_found', `to: there is no folder named ${path}`);
}

/**
 * Looked up once per connection: a LIST makes Dovecot re-read a huge Maildir's uidlist on every
 * later SELECT of that connection, so it is not sent more than needed.
 */
const trashByConnection = new WeakMap<ImapClient, string | undefined>();

async function trashFolder(client: ImapClient): Promise<string | undefined> {
  if (trashByConnection.has(client)) return trashByConnection.get(client);
  const folders = await client.list();
  const trash = folders.find((f) => f.specialUse === '\\Trash')?.path;
  trashByConnection.set(client, trash);
  return trash;
}
