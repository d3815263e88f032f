/** Fills a stack's mailboxes with generated, realistic mail, fast, by writing Maildir files Dovecot then indexes. */
import { generateMessages } from './generate.ts';
import { MaildirWriter } from './maildir.ts';
import type { StackOptions } from './options.ts';
import { stackPaths } from './options.ts';
import { StackError, run } from './system.ts';

export interface SeedRequest {
  user: string;
  count: number;
  folder: string;
  seed: number;
}

/** Runs doveadm against the stack's own configuration and answers its output. */
export function doveadm(options: StackOptions, args: string[]): string {
  return run('/usr/bin/doveadm', [
    '-c',
    stackPaths(options.dir).dovecotConf,
    ...args,
  ]).stdout.trim();
}

/** Also makes Dovecot index files written behind its back, which is why seeding ends with it. */
export function messageCount(options: StackOptions, user: string, folder: string): number {
  const output = doveadm(options, [
    '-f',
    'flow',
    'mailbox',
    'status',
    '-u',
    user,
    'messages',
    folder,
  ]);
  const count = /(?:^|\s)messages=(\d+)/.exec(output)?.[1];
  if (count === undefined)
    throw new StackError(`unexpected answer from doveadm mailbox status: ${output}`);
  return Number(count);
}

function ensureFolder(options: StackOptions, user: string, folder: string): string {
  const existing = doveadm(options, ['mailbox', 'list', '-u', user]).split('\n');
  if (!existing.includes(folder)) doveadm(options, ['mailbox', 'create', '-s', '-u', user, folder]);
  // Ask Dovecot where the folder lives rather than re-deriving its Maildir++ naming.
  return doveadm(options, ['mailbox', 'path', '-u', user, folder]);
}

export function seed(
  options: StackOptions,
  request: SeedRequest,
  log: (line: string) => void = console.log,
): void {
  if (!options.users.some((u) => u.email === request.user)) {
    throw new StackError(
      `no user ${request.user} in this stack; users: ${options.users.map((u) => u.email).join(', ')}`,
    );
  }
  const started = performance.now();
  const folderPath = ensureFolder(options, request.user, request.folder);
  const writer = new MaildirWriter(folderPath, options.mailUid);
  const messages = generateMessages({
    count: request.count,
    recipient: request.user,
    folder: request.folder,
    seed: request.seed,
  });
  let written = 0;
  for (const message of messages) {
    writer.write(message);
    written++;
    if (written % 20_000 === 0) log(`  ${request.folder}: ${written} of ${request.count} written`);
  }
  const total = messageCount(options, request.user, request.folder);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(
    `seeded ${written} messages into ${request.user} ${request.folder} (now ${total}) in ${seconds} s`,
  );
}

/** How many IMAP connections a user has open on the stack's Dovecot now. */
export function imapConnections(options: StackOptions, user: string): number {
  const line = doveadm(options, ['who', user])
    .split('\n')
    .find((row) => row.split(/\s+/)[0] === user);
  return line ? Number(line.split(/\s+/)[1]) : 0;
}

/** How many IMAP connections all users together have open on the stack's Dovecot now. */
export function allImapConnections(options: StackOptions): number {
  // Rows are "user connections (pids) (addresses)" under one header row.
  return doveadm(options, ['who'])
    .split('\n')
    .slice(1)
    .reduce((sum, row) => sum + (Number(row.split(/\s+/)[1]) || 0), 0);
}

/**
 * Delivers messages exactly as given (raw RFC 5322 bytes) into a folder, created if need be, for
 * tests that need particular shapes: attachments, charsets, hostile markup. Answers the count.
 */
export function deliverRaw(
  options: StackOptions,
  user: string,
  folder: string,
  messages: Array<{ raw: Buffer; date?: Date; flags?: string }>,
): number {
  const writer = new MaildirWriter(ensureFolder(options, user, folder), options.mailUid);
  for (const { raw, date = new Date(), flags = '' } of messages) writer.write({ raw, date, flags });
  return messageCount(options, user, folder);
}

/** The demo mailbox: a few hundred messages over several folders; with big, also a 100,000-message folder. */
export const demoFolders: ReadonlyArray<{ folder: string; count: number }> = [
  { folder: 'INBOX', count: 400 },
  { folder: 'Archive', count: 150 },
  { folder: 'Sent', count: 80 },
  { folder: 'Drafts', count: 3 },
  { folder: 'Junk', count: 12 },
  { folder: 'Trash', count: 8 },
  { folder: 'Projects', count: 40 },
  { folder: 'Projects/Tern', count: 60 },
  { folder: 'Receipts', count: 30 },
];
export const bigFolder = { folder: 'Big', count: 100_000 };

/** Seeds only folders that are still empty, so running the demo again never doubles its mail. */
export function seedDemo(
  options: StackOptions,
  user: string,
  big: boolean,
  log: (line: string) => void = console.log,
): void {
  const plan = big ? [...demoFolders, bigFolder] : demoFolders;
  let seeded = 0;
  for (const [index, { folder, count }] of plan.entries()) {
    ensureFolder(options, user, folder);
    if (messageCount(options, user, folder) > 0) continue;
    seed(options, { user, count, folder, seed: index + 1 }, log);
    seeded++;
  }
  if (seeded === 0) log(`the demo mailbox of ${user} is already seeded`);
}

/**
 * Asks Dovecot's indexer to build the full-text index of every folder of `user` in the background
 * (seeded mail is written behind Dovecot's back, so nothing has indexed it yet). Returns at once;
 * a body search that comes before the indexer is done waits for it (fts_index_timeout). The
 * 100,000-message Big folder takes 10 to 15 minutes of one core, the rest a few seconds.
 */
export function queueIndexing(options: StackOptions, user: string): void {
  if (options.fts) doveadm(options, ['index', '-q', '-u', user, '*']);
}
