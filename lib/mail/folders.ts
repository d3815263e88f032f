/** The folder list: one LIST (with LIST-STATUS where offered) mapped to Tern's Folder, in display order. */
import 'server-only';
import { folderFromSegment } from '../client/folder-path';
import { MailError } from '../errors';
import type { ImapClient, ImapFolder } from '../imap/client';
import type { Folder, SpecialUse } from './types';

const specialUses: Record<string, SpecialUse> = {
  '\\Drafts': 'drafts',
  '\\Sent': 'sent',
  '\\Archive': 'archive',
  '\\Junk': 'junk',
  '\\Trash': 'trash',
  '\\All': 'all',
  '\\Flagged': 'flagged',
};

/** INBOX first, then the special-use folders in the order mail clients show them. */
const specialOrder: SpecialUse[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'];
/** Names compared the way people read them ("Folder 2" before "Folder 10"); slow to make, so once. */
const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export async function listFolders(client: ImapClient): Promise<Folder[]> {
  const listed = await client.list({ statusQuery: { messages: true, unseen: true } });
  return orderFolders(listed.filter(selectable).map(toFolder));
}

function selectable(entry: ImapFolder): boolean {
  return !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent');
}

function toFolder(entry: ImapFolder): Folder {
  const inbox = entry.path.toUpperCase() === 'INBOX';
  return {
    path: entry.path,
    name: inbox ? 'Inbox' : entry.name,
    parent: entry.parentPath || null,
    delimiter: entry.delimiter,
    specialUse: inbox ? 'inbox' : (specialUses[entry.specialUse ?? ''] ?? null),
    subscribed: entry.subscribed === true,
    total: entry.status?.messages ?? 0,
    unseen: entry.status?.unseen ?? 0,
  };
}

/**
 * Top-level special-use folders first (INBOX, Drafts, Sent, Archive, Junk, Trash), then the rest
 * as a tree: each folder followed by its children, names compared the way people read them.
 */
export function orderFolders(folders: Folder[]): Folder[] {
  const rank = (f: Folder) => {
    const index = f.parent === null && f.specialUse ? specialOrder.indexOf(f.specialUse) : -1;
    return index === -1 ? specialOrder.length : index;
  };
  const children = new Map<string | null, Folder[]>();
  for (const folder of folders) {
    const parent = folders.some((f) => f.path === folder.parent) ? folder.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), folder]);
  }
  const ordered: Folder[] = [];
  const visit = (parent: string | null) => {
    const siblings = [...(children.get(parent) ?? [])].sort(
      (a, b) => rank(a) - rank(b) || byName.compare(a.name, b.name),
    );
    for (const folder of siblings) {
      ordered.push(folder);
      visit(folder.path);
    }
  };
  visit(null);
  return ordered;
}

/** The folder an API path names (`/api/folders/{path}/…`, one percent-encoded segment). */
export function folderFromParam(segment: string | string[] | undefined): string {
  const path = typeof segment === 'string' ? folderFromSegment(segment) : undefined;
  if (!path || path.length > 1000 || /[\u0000-\u001f\u007f]/.test(path))
    throw new MailError('invalid_request', 'The folder name in the address is not valid.');
  return path;
}
