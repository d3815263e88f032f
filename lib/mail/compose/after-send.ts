/**
 * What happens once the SMTP server took a message (lib/mail/compose/send.ts, steps 4 and 5):
 * the draft marked $TernSent, the copy in Sent, the draft deleted, the original flagged. Nothing
 * here throws: the message is out, and the answer must say so whatever fails now.
 */
import 'server-only';
import { isMailError, MailError } from '../../errors';
import type { ComposeOrigin, MessageCopy, RefusedRecipients, SendResult } from '../types';
import type { ComposeContext } from './context';
import { copiesOf, fetchCurrent, removeCopies, sentKeyword, submittingKeyword } from './copies';
import type { SendState } from './ledger';
import type { SpecialFolders } from './special-folders';

export interface Attempt {
  result: SendResult;
  /** What the ledger keeps for the next POST of this compose. */
  next: SendState | undefined;
}

/** The copy of a message in a folder, found by its Message-ID. */
export async function findCopy(
  context: ComposeContext,
  folder: string,
  messageId: string,
): Promise<MessageCopy> {
  const copies = await context.pool.use(context.account, (client) => copiesOf(client, messageId), {
    folder,
    idempotent: true,
  });
  const last = copies.at(-1);
  return last ? { folder, uid: last.uid } : null;
}

export interface Delivered {
  messageId: string;
  folders: SpecialFolders;
  origin: ComposeOrigin | undefined;
  refused: RefusedRecipients;
  draft: MessageCopy;
  /** The bytes sent; undefined on a retry, which reads them from the Drafts copy. */
  message: Buffer | undefined;
  /** The draft already carries $TernSent (a retry). */
  marked: boolean;
}

/** After the SMTP server took the message (or on a retry after a copy in Sent failed). */
export async function afterDelivery(context: ComposeContext, done: Delivered): Promise<Attempt> {
  const { account, pool, config, cache } = context;
  const { folders, draft } = done;
  if (draft && !done.marked) {
    await pool
      .use(
        account,
        async (client) => {
          await client.messageFlagsAdd(String(draft.uid), [sentKeyword], { uid: true });
          await client.messageFlagsRemove(String(draft.uid), [submittingKeyword], { uid: true });
        },
        { folder: draft.folder },
      )
      .catch(() => undefined);
  }

  let sent: MessageCopy = null;
  if (!config.compose.smtpSavesSent) {
    try {
      sent = await saveToSent(context, done);
    } catch (error) {
      const why = isMailError(error) ? ` (${error.message})` : '';
      return {
        result: {
          outcome: 'sent_not_saved',
          messageId: done.messageId,
          reason: `The message was sent, but Tern could not save a copy in ${folders.sent}${why}. Try again to save the copy; the message will not be sent twice.`,
          draft,
        },
        next: { phase: 'sent_not_saved', refused: done.refused },
      };
    }
    cache.markChanged(account.email, folders.sent);
  }

  const draftLeft = await pool
    .use(account, (client) => removeCopies(client, done.messageId), { folder: folders.drafts })
    .then(
      () => false,
      () => true,
    );
  cache.markChanged(account.email, folders.drafts);
  const originFlagged = await flagOrigin(context, done.origin);
  const result: SendResult = {
    outcome: 'sent',
    messageId: done.messageId,
    sent,
    refused: done.refused,
    originFlagged,
    draftLeft,
  };
  return { result, next: { phase: 'sent', result } };
}

/** APPENDs the sent message to Sent, \Seen; a retry first looks whether an earlier one got there. */
async function saveToSent(context: ComposeContext, done: Delivered): Promise<MessageCopy> {
  const { account, pool } = context;
  const folder = done.folders.sent;
  let message = done.message;
  if (!message) {
    const existing = await findCopy(context, folder, done.messageId);
    if (existing) return existing;
    const draft = done.draft;
    // The draft went away meanwhile (deleted elsewhere): the message is out, there is no copy.
    if (!draft) return null;
    message = await pool.use(
      account,
      async (client) => {
        const fetched = await fetchCurrent(client, draft.uid, { source: true });
        if (!fetched?.source)
          throw new MailError('not_found', 'the draft holding the message is gone');
        return fetched.source;
      },
      { folder: draft.folder },
    );
  }
  const bytes = message;
  const appended = await pool.use(account, (client) => client.append(folder, bytes, ['\\Seen']));
  if (!appended) throw new MailError('internal', 'the mail server did not store it');
  return appended.uid ? { folder, uid: appended.uid } : findCopy(context, folder, done.messageId);
}

/** \Answered or $Forwarded on the original, only if its UID still holds that message. */
async function flagOrigin(
  context: ComposeContext,
  origin: ComposeOrigin | undefined,
): Promise<boolean> {
  if (!origin) return false;
  const flag = origin.kind === 'reply' || origin.kind === 'reply_all' ? '\\Answered' : '$Forwarded';
  try {
    return await context.pool.use(
      context.account,
      async (client) => {
        const message = await fetchCurrent(client, origin.uid, { envelope: true });
        if (!message) return false;
        if ((message.envelope?.messageId || null) !== origin.messageId) return false;
        await client.messageFlagsAdd(String(origin.uid), [flag], { uid: true });
        context.cache.markChanged(context.account.email, origin.folder);
        return true;
      },
      { folder: origin.folder },
    );
  } catch {
    return false;
  }
}
