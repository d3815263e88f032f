import { Archive, File, Folder, Inbox, Send, ShieldAlert, Star, Trash2, Mails } from 'lucide-react';
import type { SpecialUse } from '@/lib/mail/types';

const icons: Record<SpecialUse, typeof Folder> = {
  inbox: Inbox,
  drafts: File,
  sent: Send,
  archive: Archive,
  junk: ShieldAlert,
  trash: Trash2,
  all: Mails,
  flagged: Star,
};

export function FolderIcon({ specialUse }: { specialUse: SpecialUse | null }) {
  const Icon = specialUse ? icons[specialUse] : Folder;
  return <Icon aria-hidden className="size-4 shrink-0" />;
}
