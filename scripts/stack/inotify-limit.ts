/**
 * Dovecot's IDLE learns of new mail through inotify, one instance per imap process, and every
 * mail process of a stack runs as the one mail uid. Linux allows 128 instances per uid by default,
 * so past about 60 users with a live stream (two connections each) IDLE falls back to checking
 * every 30 s ("Inotify instance limit for user UID … exceeded" in dovecot.log). A stack with more
 * users raises the machine's limit to match (never lowers it; it lasts until the next boot).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { processLimit } from './dovecot-conf.ts';
import type { StackOptions } from './options.ts';

const limitFile = '/proc/sys/fs/inotify/max_user_instances';

export function raiseInotifyLimit(options: StackOptions, log: (line: string) => void): void {
  const needed = processLimit(options) + 128;
  const current = Number(readFileSync(limitFile, 'utf8'));
  if (current >= needed) return;
  try {
    writeFileSync(limitFile, String(needed));
    log(`raised ${limitFile} from ${current} to ${needed}`);
  } catch (error) {
    log(`could not raise ${limitFile} (${current}, ${needed} needed): ${String(error)}`);
  }
}
