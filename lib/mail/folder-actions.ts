/**
 * Creating, renaming, moving, (un)subscribing and deleting folders. INBOX and the special-use
 * folders (Drafts, Sent, Archive, Junk, Trash) stay where they are: other mail clients find them
 * by those names and flags.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import { listFolders } from './folders';
import type { Folder } from './types';

const name = z
  .string({ error: 'must be text' })
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not contain control characters');

const parent = z.string().min(1).max(1000).nullable().optional();

export const folderCreation = z.object({ name, parent });

export const folderUpdate = z
  .object({ name: name.optional(), parent, subscribed: z.boolean().optional() })
  .refine((v) => v.name !== undefined || v.parent !== undefined || v.subscribed !== undefined, {
    message: 'give a new name, a new parent or subscribed',
    path: ['name'],
  });

interface Tree {
  folders: Folder[];
  delimiter: string;
  find: (path: string) => Folder | undefined;
}

async function tree(client: ImapClient): Promise<Tree> {
  const folders = await listFolders(client);
  const delimiter = folders[0]?.delimiter ?? '/';
  return { folders, delimiter, find: (path) => folders.find((f) => f.path === path) };
}

function childPath(folders: Tree, parentPath: string | null | undefined, leaf: string): string {
  if (leaf.includes(folders.delimiter))
    throw new MailError('invalid_request', `name: must not contain "${folders.delimiter}"`);
  if (!parentPath) return leaf;
  if (!folders.find(parentPath))
    throw new MailError('not_found', `parent: there is no folder named ${parentPath}`);
  return `${parentPath}${folders.delimiter}${leaf}`;
}

function assertMovable(folder: Folder | undefined, path: string): asserts folder is Folder {
  if (!folder) throw new MailError('not_found', `There is no folder named ${path}.`);
  if (folder.specialUse === 'inbox')
    throw new MailError('forbidden', 'The inbox cannot be renamed, moved or deleted.');
  if (folder.specialUse)
    throw new MailError(
      'forbidden',
      `${folder.name} is a special folder that other mail programs look for by name; it stays as it is.`,
    );
}

export async function createFolder(
  client: ImapClient,
  request: z.infer<typeof folderCreation>,
): Promise<Folder> {
  const folders = await tree(client);
  const path = childPath(folders, request.parent, request.name);
  if (folders.find(path)) throw new MailError('conflict', `A folder named ${path} already exists.`);
  await client.mailboxCreate(path);
  await client.mailboxSubscribe(path);
  return (await tree(client)).find(path) ?? failed('create');
}

export async function updateFolder(
  client: ImapClient,
  path: string,
  change: z.infer<typeof folderUpdate>,
): Promise<Folder> {
  const folders = await tree(client);
  const folder = folders.find(path);
  let target = path;
  if (change.name !== undefined || change.parent !== undefined) {
    assertMovable(folder, path);
    const newParent = change.parent === undefined ? folder.parent : change.parent;
    target = childPath(folders, newParent, change.name ?? folder.name);
    if (target === path || target.startsWith(`${path}${folders.delimiter}`)) {
      if (target !== path)
        throw new MailError('invalid_request', 'parent: a folder cannot move into itself');
    } else {
      if (folders.find(target))
        throw new MailError('conflict', `A folder named ${target} already exists.`);
      await client.mailboxRename(path, target);
    }
  } else if (!folder) {
    throw new MailError('not_found', `There is no folder named ${path}.`);
  }
  if (change.subscribed === true) await client.mailboxSubscribe(target);
  if (change.subscribed === false) await client.mailboxUnsubscribe(target);
  return (await tree(client)).find(target) ?? failed('rename');
}

export async function deleteFolder(client: ImapClient, path: string): Promise<void> {
  const folders = await tree(client);
  assertMovable(folders.find(path), path);
  if (folders.folders.some((f) => f.parent === path))
    throw new MailError('conflict', 'Delete or move the folders inside it first.');
  await client.mailboxDelete(path);
}

function failed(action: string): never {
  throw new MailError('internal', `The mail server did not ${action} the folder.`);
}
