/** The composer's word on where the user's text is: "Saved to Drafts 12:03", "Saving…", "Not saved: …". */
import { listDate } from '../format-date';
import type { SaveStatus } from './save-queue';

export function saveStatusText(
  status: SaveStatus,
  lastSavedAt: string | undefined,
  now = Date.now(),
): string {
  switch (status.kind) {
    case 'idle':
      return lastSavedAt ? `Saved to Drafts ${listDate(lastSavedAt, new Date(now))}` : '';
    case 'pending':
      return 'Kept in this browser; saving to Drafts soon';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return `Saved to Drafts ${listDate(status.savedAt, new Date(now))}`;
    case 'failed': {
      if (status.retryAt === undefined) return `Not saved to Drafts: ${status.message}`;
      const seconds = Math.max(1, Math.ceil((status.retryAt - now) / 1000));
      return `Not saved: ${status.message} Retrying in ${seconds} s (kept in this browser).`;
    }
  }
}
