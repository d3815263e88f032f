/**
 * UID SORT and UID THREAD (RFC 5256), and Dovecot's MIMEPART search, which imapflow 2.1.2 has no
 * public method for. They go through imapflow's internal exec(); this file is the only user of
 * it, and tests/integration/sort.test.ts checks them against Dovecot so that an imapflow upgrade
 * that changes exec() is caught at once.
 */
import 'server-only';
import type { ImapClient } from './client';

export type SortKey = 'ARRIVAL' | 'DATE' | 'FROM' | 'SUBJECT' | 'SIZE';

/** A search criterion for SORT, kept to the few the message list needs. */
export type SortCriterion =
  | { kind: 'all' }
  | { kind: 'unseen' }
  | { kind: 'flagged' }
  | { kind: 'header'; name: string; contains: string }
  /** Messages with an attachment (see attachmentCriterion). */
  | { kind: 'attachment' };

interface Token {
  type: 'ATOM' | 'STRING';
  value: string;
}
type Attribute = Token | Attribute[];

/** A parsed response attribute: an atom ({value}) or a parenthesized list of them. */
type ResponseAttribute = { value?: unknown } | ResponseAttribute[];

interface UntaggedResponse {
  attributes?: ResponseAttribute[];
}

/** The undocumented part of imapflow this file relies on. */
interface ExecClient {
  exec(
    command: string,
    attributes: Attribute[],
    options: { untagged: Record<string, (response: UntaggedResponse) => Promise<void>> },
  ): Promise<{ next: () => void }>;
}

const atom = (value: string): Token => ({ type: 'ATOM', value });

function criterion(client: ImapClient, search: SortCriterion): Attribute[] {
  switch (search.kind) {
    case 'attachment':
      return attachmentCriterion(client);
    case 'all':
      return [atom('ALL')];
    case 'unseen':
      return [atom('UNSEEN')];
    case 'flagged':
      return [atom('FLAGGED')];
    case 'header':
      // Passed as IMAP strings by imapflow's encoder, never spliced into the command text.
      return [
        atom('HEADER'),
        { type: 'STRING', value: search.name },
        { type: 'STRING', value: search.contains },
      ];
  }
}

/**
 * Dovecot answers MIMEPART (RFC-draft "SEARCH=MIMEPART", not advertised by 2.3) from the message
 * structure it caches. Other servers get the Content-Type header test instead, which a full-text
 * index may answer: Debian's fts-xapian 1.5 answers it with nothing once a folder is indexed.
 */
export function searchesMimeParts(client: ImapClient): boolean {
  return /^dovecot/i.test(String(client.serverInfo?.name || ''));
}

/** A message with a part whose Content-Disposition is attachment (what the paperclip shows). */
function attachmentCriterion(client: ImapClient): Attribute[] {
  if (searchesMimeParts(client))
    return [atom('MIMEPART'), [atom('DISPOSITION'), atom('TYPE'), atom('attachment')]];
  return [atom('HEADER'), atom('Content-Type'), { type: 'STRING', value: 'multipart/mixed' }];
}

/**
 * Runs a UID command whose answer is one untagged list of UIDs (SORT, or a SEARCH with criteria
 * imapflow cannot express); answers them in the server's order.
 */
async function uidsAnswered(
  client: ImapClient,
  command: 'UID SEARCH' | 'UID SORT',
  attributes: Attribute[],
): Promise<number[]> {
  const uids: number[] = [];
  const response = await (client as unknown as ExecClient).exec(command, attributes, {
    untagged: {
      [command.slice(4)]: (untagged) => {
        for (const attribute of untagged.attributes ?? []) {
          const uid = Array.isArray(attribute) ? NaN : Number(attribute.value);
          if (Number.isSafeInteger(uid) && uid > 0) uids.push(uid);
        }
        return Promise.resolve();
      },
    },
  });
  // imapflow holds the connection until the caller says it has read the response.
  response.next();
  return uids;
}

/** UIDs of the selected mailbox's messages with an attachment, among `uids` (a UID set) if given. */
export async function attachmentUids(client: ImapClient, uids?: string): Promise<number[]> {
  const among = uids === undefined ? [] : [atom('UID'), atom(uids)];
  const found = await uidsAnswered(client, 'UID SEARCH', [
    ...among,
    ...attachmentCriterion(client),
  ]);
  return found.sort((a, b) => a - b);
}

export function supportsSort(client: ImapClient): boolean {
  return client.capabilities.has('SORT');
}

/** UIDs of the selected mailbox's messages matching `search`, in the server's sort order. */
export async function sortUids(
  client: ImapClient,
  key: SortKey,
  reverse: boolean,
  search: SortCriterion,
): Promise<number[]> {
  const program: Attribute[] = reverse ? [atom('REVERSE'), atom(key)] : [atom(key)];
  return uidsAnswered(client, 'UID SORT', [program, atom('UTF-8'), ...criterion(client, search)]);
}

/**
 * The threading algorithm to ask for: REFS (Dovecot) follows References and In-Reply-To only;
 * REFERENCES also merges messages that merely share a subject, which lumps unrelated
 * notifications ("Your order has shipped") into one conversation.
 */
export function threadAlgorithm(client: ImapClient): 'REFS' | 'REFERENCES' | undefined {
  if (client.capabilities.has('THREAD=REFS')) return 'REFS';
  if (client.capabilities.has('THREAD=REFERENCES')) return 'REFERENCES';
  return undefined;
}

/** Every UID in a thread's tree (a message, its replies, their replies), in tree order. */
function threadMembers(node: ResponseAttribute, into: number[]): number[] {
  if (Array.isArray(node)) for (const child of node) threadMembers(child, into);
  else {
    const uid = Number(node.value);
    if (Number.isSafeInteger(uid) && uid > 0) into.push(uid);
  }
  return into;
}

/**
 * The selected mailbox's conversations, each as the UIDs of its messages. Dovecot keeps a thread
 * index, so after the first call it is cheap.
 */
export async function threadUids(
  client: ImapClient,
  algorithm: 'REFS' | 'REFERENCES',
): Promise<number[][]> {
  const threads: number[][] = [];
  const response = await (client as unknown as ExecClient).exec(
    'UID THREAD',
    [atom(algorithm), atom('UTF-8'), atom('ALL')],
    {
      untagged: {
        THREAD: (untagged) => {
          for (const thread of untagged.attributes ?? []) {
            const members = threadMembers(thread, []);
            if (members.length > 0) threads.push(members);
          }
          return Promise.resolve();
        },
      },
    },
  );
  response.next();
  return threads;
}
