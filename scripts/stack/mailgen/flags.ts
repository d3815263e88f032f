/** Maildir flags, for a realistic mix of seen, replied, flagged and draft mail. */
import { DAY_MS } from './dates.ts';
import { chance } from './random.ts';
import type { Run } from './run.ts';

/** Mail from the last month is often still unread, as in a live mailbox. */
const RECENT_MS = 30 * DAY_MS;

export function computeFlags(run: Run, time: number, inThread: boolean): string {
  const { rng } = run;
  if (run.mode === 'drafts') return 'D';
  if (run.mode === 'sent') return chance(rng, 0.03) ? 'FS' : 'S';
  const flagged = chance(rng, 0.05);
  const replied = chance(rng, inThread ? 0.25 : 0.03);
  // Replied mail is always seen, so the recent base rate sits below the ~40% target.
  const seen = replied || chance(rng, run.endMs - time > RECENT_MS ? 0.9 : 0.32);
  return (flagged ? 'F' : '') + (replied ? 'R' : '') + (seen ? 'S' : '');
}
