/**
 * Where a user's drafts and sent mail go: the folders marked \Drafts and \Sent (RFC 6154), else
 * the usual names, else created. Looked up once per user and remembered: a LIST makes Dovecot
 * re-read a huge folder's uidlist on every later SELECT of that connection (dependencies.md), so
 * it is not sent with every save. Folder changes (create, rename, delete) drop the entry.
 */
import 'server-only';
import type { ImapClient, ImapFolder } from '../../imap/client';

export interface SpecialFolders {
  drafts: string;
  sent: string;
}

/** How a send or a save finds the folders; tests put a missing Sent here. */
export type SpecialFolderLookup = (client: ImapClient, user: string) => Promise<SpecialFolders>;

const fallbackNames = {
  drafts: ['Drafts', 'Draft', 'INBOX.Drafts', 'INBOX/Drafts'],
  sent: ['Sent', 'Sent Items', 'Sent Messages', 'Sent Mail', 'INBOX.Sent', 'INBOX/Sent'],
};

const key = Symbol.for('tern.compose.specialFolders');
type Holder = Record<symbol, Map<string, SpecialFolders> | undefined>;

/** Shared by every route bundle (Next loads modules once per bundle). */
function remembered(): Map<string, SpecialFolders> {
  const holder = globalThis as Holder;
  holder[key] ??= new Map();
  return holder[key];
}

const specialUseFlags = { drafts: '\\Drafts', sent: '\\Sent' } as const;

/** The user's folder of this kind among those listed, if there is one. */
export function findSpecialFolder(
  folders: ImapFolder[],
  kind: keyof SpecialFolders,
): ImapFolder | undefined {
  const usable = folders.filter((f) => !f.flags.has('\\Noselect') && !f.flags.has('\\NonExistent'));
  return (
    usable.find((f) => f.specialUse === specialUseFlags[kind]) ??
    fallbackNames[kind]
      .map((name) => usable.find((f) => f.path.toLowerCase() === name.toLowerCase()))
      .find((f) => f !== undefined)
  );
}

/** The user's Drafts and Sent, creating the one that does not exist at all (as other clients do). */
export const specialFolders: SpecialFolderLookup = async (client, user) => {
  const userKey = user.toLowerCase();
  const known = remembered().get(userKey);
  if (known) return known;
  const folders = await client.list();
  const pick = async (kind: keyof SpecialFolders) => {
    const found = findSpecialFolder(folders, kind);
    if (found) return found.path;
    const created = await client.mailboxCreate(fallbackNames[kind][0]!);
    return created.path;
  };
  const resolved = { drafts: await pick('drafts'), sent: await pick('sent') };
  remembered().set(userKey, resolved);
  return resolved;
};

/** Forgets a user's folders, after a folder was created, renamed or deleted. */
export function forgetSpecialFolders(user: string): void {
  remembered().delete(user.toLowerCase());
}
