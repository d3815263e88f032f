/**
 * Previews for the message list, asked for separately so a window of rows never waits for bodies.
 * One FETCH of BODYSTRUCTURE picks each message's text part, then one partial FETCH per distinct
 * part number reads only the first kilobytes of those parts (most messages share "1" or "1.1", so
 * that is a few round trips however many messages). A preview never changes for a UIDVALIDITY
 * and UID, so each is fetched once and then answered from the cache.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../errors';
import type { ImapClient } from '../imap/client';
import { previewText } from '../mime/preview-text';
import type { MessageCache } from './message-cache';
import { previewSource, type PreviewSource } from './preview-part';
import type { MessagePreviews } from './types';
import { uidSet } from './uid-set';

export interface PreviewQuery {
  uids: number[];
}

const maxUids = 200;
const maxUid = 4_294_967_295;
const listMessage = 'must list message UIDs, separated by commas';

/** GET /api/folders/{path}/messages/previews?uids=1,2,3 */
export const previewQuery = z.object({
  uids: z
    .string({ error: listMessage })
    .regex(/^\d{1,10}(?:,\d{1,10})*$/, listMessage)
    .transform((value) => value.split(',').map(Number))
    .refine((uids) => uids.length <= maxUids, `must list at most ${maxUids} UIDs`)
    .refine(
      (uids) => uids.every((uid) => uid >= 1 && uid <= maxUid),
      `must be UIDs from 1 to ${maxUid}`,
    )
    .transform((uids) => [...new Set(uids)]),
}) satisfies z.ZodType<PreviewQuery, unknown>;

/** Previews of these messages of the selected folder `path`; UIDs not in it are left out. */
export async function messagePreviews(
  client: ImapClient,
  cache: MessageCache,
  user: string,
  path: string,
  uids: number[],
): Promise<MessagePreviews> {
  if (!client.mailbox) throw new MailError('not_found', 'That folder does not exist (any more).');
  const scope = cache.scope(user, path, String(client.mailbox.uidValidity));
  const previews: Record<string, string> = {};
  const unknown: number[] = [];
  for (const uid of uids) {
    const cached = cache.preview(scope, uid);
    if (cached === undefined) unknown.push(uid);
    else previews[uid] = cached;
  }
  for (const [uid, preview] of await fetchPreviews(client, unknown)) {
    cache.rememberPreview(scope, uid, preview);
    previews[uid] = preview;
  }
  return { previews };
}

async function fetchPreviews(client: ImapClient, uids: number[]): Promise<Map<number, string>> {
  const previews = new Map<number, string>();
  if (uids.length === 0) return previews;
  const fetchStructures = (wanted: number[]) =>
    client.fetchAll(uidSet(wanted), { uid: true, bodyStructure: true }, { uid: true });
  const structures = await fetchStructures(uids);
  // Rows a live update just added may be newer than this connection's view: sync once for them.
  const found = new Set(structures.map((m) => m.uid));
  const unseen = uids.filter((uid) => !found.has(uid));
  if (unseen.length) {
    await client.noop();
    structures.push(...(await fetchStructures(unseen)));
  }
  const sources = new Map<number, PreviewSource>();
  const groups = new Map<string, { section: string; length: number; uids: number[] }>();
  for (const message of structures) {
    const source = message.bodyStructure && previewSource(message.bodyStructure);
    if (!source) {
      previews.set(message.uid, '');
      continue;
    }
    sources.set(message.uid, source);
    const key = `${source.section}<${source.length}>`;
    const group = groups.get(key) ?? { section: source.section, length: source.length, uids: [] };
    group.uids.push(message.uid);
    groups.set(key, group);
  }
  // imapflow runs one command at a time on a connection, so the groups go one after another.
  for (const { section, length, uids: members } of groups.values()) {
    const parts = await client.fetchAll(
      uidSet(members),
      { uid: true, bodyParts: [{ key: section, maxLength: length }] },
      { uid: true },
    );
    for (const message of parts) {
      const bytes = message.bodyParts?.get(section.toLowerCase());
      const source = sources.get(message.uid);
      previews.set(message.uid, bytes && source ? previewText(bytes, source) : '');
    }
  }
  return previews;
}
