/** The attachments of a compose: what fits under the limit, and refs after a save. */
import type { AttachmentRef, ComposeAttachment } from '@/lib/mail/types';
import { formatLimit, formatSize } from '../format-size';

function sameRef(a: AttachmentRef, b: AttachmentRef): boolean {
  switch (a.kind) {
    case 'upload':
      return b.kind === 'upload' && a.id === b.id;
    case 'draft':
      return b.kind === 'draft' && a.index === b.index;
    case 'part':
      return b.kind === 'part' && a.folder === b.folder && a.uid === b.uid && a.partId === b.partId;
    case 'message':
      return b.kind === 'message' && a.folder === b.folder && a.uid === b.uid;
  }
}

/**
 * The attachments after a save answered: each one that was in the save now points at the saved
 * copy (as the answer says, in the same order); one added or removed meanwhile stays as it is.
 */
export function applySavedAttachments(
  current: ComposeAttachment[],
  sent: ComposeAttachment[],
  saved: ComposeAttachment[],
): ComposeAttachment[] {
  if (saved.length !== sent.length) return current;
  return current.map((attachment) => {
    const index = sent.findIndex((s) => sameRef(s.ref, attachment.ref));
    return index === -1 ? attachment : saved[index]!;
  });
}

export interface Refusal {
  filename: string;
  reason: string;
}

/**
 * Which picked files fit beside what is attached already (`usedBytes`), in order; the rest are
 * refused before any upload, saying the limit as the user counts sizes.
 */
export function fitFiles<F extends { name: string; size: number }>(
  files: F[],
  usedBytes: number,
  maxBytes: number,
): { accepted: F[]; refused: Refusal[] } {
  const accepted: F[] = [];
  const refused: Refusal[] = [];
  let total = usedBytes;
  for (const file of files) {
    if (file.size > maxBytes)
      refused.push({
        filename: file.name,
        reason: `is ${formatSize(file.size)}; a message can carry at most ${formatLimit(maxBytes)} of attachments.`,
      });
    else if (total + file.size > maxBytes)
      refused.push({
        filename: file.name,
        reason: `does not fit: the attachments would add up to ${formatSize(total + file.size)}, and the limit is ${formatLimit(maxBytes)}.`,
      });
    else {
      accepted.push(file);
      total += file.size;
    }
  }
  return { accepted, refused };
}
