/**
 * Drafts in the Drafts folder: one copy per compose. A save APPENDs the new copy, then deletes
 * every older one (found by the compose's Message-ID), so a crash in between leaves two copies,
 * never none, and the next save prunes the extra. Saves of one compose run one at a time and
 * stop once a send began (409), as does a save older than the last one.
 */
import 'server-only';
import { MailError } from '../../errors';
import type { ComposeFields, DraftSaved } from '../types';
import { buildCompose, noteMovedImages } from './build';
import { spoolOf, type ComposeContext } from './context';
import { copiesOf, removeCopies, replaceCopies, sentKeyword, submittingKeyword } from './copies';
import type { ComposeEntry } from './ledger';
import { messageIdFor } from './schema';
import { forgetSpecialFolders } from './special-folders';
import { sender } from './setup';
import { removeUpload } from './uploads';

const sendBegan = () =>
  new MailError(
    'conflict',
    'This message is being sent or was sent, so it is no longer saved as a draft.',
  );

/** The user's Drafts folder. */
export function draftsFolder(context: ComposeContext): Promise<string> {
  return context.pool
    .use(context.account, (client) => context.folders(client, context.account.email))
    .then((folders) => folders.drafts);
}

/** Spool files are staging only: once a saved copy holds them they go (best effort, they expire anyway). */
export async function dropUploads(context: ComposeContext, ids: string[]): Promise<void> {
  const spool = spoolOf(context.config);
  await Promise.all(
    ids.map((id) => removeUpload(spool, context.account.email, id).catch(() => undefined)),
  );
}

/** True while a send of this compose runs or after it went out: no more saves then. */
function sendStarted(entry: ComposeEntry): boolean {
  return entry.send !== undefined && entry.send.phase !== 'unknown';
}

export function saveDraft(context: ComposeContext, fields: ComposeFields): Promise<DraftSaved> {
  const { account, pool, ledger } = context;
  const from = sender(account.email, fields.fromName);
  const messageId = messageIdFor(fields.composeId, from.address);
  return ledger.exclusive(account.email, fields.composeId, async () => {
    const entry = ledger.entry(account.email, fields.composeId);
    if (sendStarted(entry)) throw sendBegan();
    if (entry.revision !== undefined && fields.revision < entry.revision) {
      throw new MailError(
        'conflict',
        `A newer version of this draft (revision ${entry.revision}) was saved already.`,
      );
    }
    const drafts = await draftsFolder(context);
    const copies = await pool.use(account, (client) => copiesOf(client, messageId), {
      folder: drafts,
      idempotent: true,
    });
    if (copies.some((c) => c.flags.has(sentKeyword))) throw sendBegan();
    // A send that may have gone out stays marked on every later copy: sending again needs a yes.
    const inDoubt =
      entry.send?.phase === 'unknown' || copies.some((c) => c.flags.has(submittingKeyword));
    const current = copies.at(-1);
    const built = await buildCompose(context, {
      fields,
      from,
      messageId,
      date: new Date(),
      draft: current && { folder: drafts, uid: current.uid },
      moved: entry.images,
    });
    const replaced = fields.replaces?.folder === drafts ? [fields.replaces.uid] : [];
    const flags = ['\\Draft', '\\Seen', ...(inDoubt ? [submittingKeyword] : [])];
    const saved = await pool
      .use(
        account,
        async (client) => {
          const uid = await replaceCopies(
            client,
            drafts,
            built.message,
            flags,
            messageId,
            replaced,
          );
          const fetched =
            built.images.length > 0
              ? await client.fetchOne(
                  String(uid),
                  { uid: true, bodyStructure: true },
                  { uid: true },
                )
              : undefined;
          return { uid, structure: fetched ? fetched.bodyStructure : undefined };
        },
        { folder: drafts },
      )
      .catch((error: unknown) => {
        // Drafts may have been renamed or deleted elsewhere: look it up afresh next time.
        forgetSpecialFolders(account.email);
        throw error;
      });
    context.cache.markChanged(account.email, drafts);
    entry.revision = fields.revision;
    noteMovedImages(entry.images, built, { folder: drafts, ...saved });
    await dropUploads(context, built.uploads);
    return {
      draft: { folder: drafts, uid: saved.uid },
      revision: fields.revision,
      savedAt: new Date().toISOString(),
      attachments: fields.attachments.map((attachment, index) => ({
        ...attachment,
        ref: { kind: 'draft', index },
        size: built.sizes[index] ?? attachment.size,
      })),
    };
  });
}

/** Deletes every Drafts copy of a compose (the user discarded it). Refused while it is being sent. */
export function deleteDrafts(context: ComposeContext, composeId: string): Promise<void> {
  const { account, pool, ledger } = context;
  const messageId = messageIdFor(composeId, sender(account.email, undefined).address);
  return ledger.exclusive(account.email, composeId, async () => {
    const entry = ledger.entry(account.email, composeId);
    if (entry.send?.phase === 'sending') throw sendBegan();
    const drafts = await draftsFolder(context);
    const removed = await pool.use(account, (client) => removeCopies(client, messageId), {
      folder: drafts,
    });
    if (removed > 0) context.cache.markChanged(account.email, drafts);
    entry.images.clear();
  });
}
