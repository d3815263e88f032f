/**
 * Sending, so that nothing is lost and nothing goes out twice (security.md, "Nothing lost"):
 *
 *  1. build the message once (fixed Date, the compose's Message-ID);
 *  2. save it to Drafts first, marked $TernSubmitting (a failure here: not sent, nothing tried);
 *  3. hand it to the SMTP server (lib/mail/compose/smtp.ts says exactly how that went);
 *  4. mark the draft $TernSent, then APPEND the message (Bcc kept) to Sent, unless the server
 *     files it there itself; a failure here is "sent, not saved", and the same POST saves it;
 *  5. delete the draft, and flag the original \Answered or $Forwarded if it is still that message.
 *
 * A send is idempotent per composeId: a second POST while one runs gets the same answer; after
 * "sent" it gets "sent" again; after "sent, not saved" it only saves the copy; after "unknown" it
 * sends again only with confirmResend. The ledger knows this while the server runs; the keywords
 * on the Drafts copy (and the copy in Sent) know it after a restart or on another instance.
 */
import 'server-only';
import { isMailError, MailError } from '../../errors';
import type { Address, MessageCopy, SendRequest, SendResult } from '../types';
import { afterDelivery, findCopy, type Attempt } from './after-send';
import { buildCompose } from './build';
import type { ComposeContext } from './context';
import { copiesOf, replaceCopies, sentKeyword, submittingKeyword, type Copy } from './copies';
import { dropUploads } from './drafts';
import type { ComposeEntry, SendState } from './ledger';
import { smtpBytes } from './mime';
import { messageIdFor } from './schema';
import { sender } from './setup';
import { submit } from './smtp';
import { forgetSpecialFolders, type SpecialFolders } from './special-folders';

export function sendMessage(context: ComposeContext, request: SendRequest): Promise<SendResult> {
  const { account, ledger } = context;
  const from = sender(account.email, request.fromName);
  const entry = ledger.entry(account.email, request.composeId);
  if (entry.send?.phase === 'sending') return entry.send.attempt;
  const before = entry.send;
  const attempt = ledger.exclusive(account.email, request.composeId, () =>
    attemptSend(context, request, from, entry, before),
  );
  const answer = attempt.then((a) => a.result);
  // Only POSTs that joined await it; their failure is reported through `attempt` below.
  answer.catch(() => undefined);
  entry.send = { phase: 'sending', attempt: answer };
  return attempt.then(
    ({ result, next }) => {
      entry.send = next;
      return result;
    },
    (error: unknown) => {
      // Refused before anything was tried (validation, a missing file, the session): as before.
      entry.send = before;
      throw error;
    },
  );
}

/** Each recipient once (SMTP would deliver twice to an address named twice). */
export function envelopeRecipients(request: Pick<SendRequest, 'to' | 'cc' | 'bcc'>): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const { address } of [...request.to, ...request.cc, ...request.bcc]) {
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      unique.push(address);
    }
  }
  return unique;
}

async function attemptSend(
  context: ComposeContext,
  request: SendRequest,
  from: Address,
  entry: ComposeEntry,
  before: SendState | undefined,
): Promise<Attempt> {
  if (before?.phase === 'sent') return { result: before.result, next: before };
  const { account, pool, config } = context;
  const messageId = messageIdFor(request.composeId, from.address);

  let folders: SpecialFolders;
  let copies: Copy[];
  try {
    folders = await pool.use(account, (client) => context.folders(client, account.email));
    const drafts = folders.drafts;
    copies = await pool.use(account, (client) => copiesOf(client, messageId), {
      folder: drafts,
      idempotent: true,
    });
  } catch (error) {
    return draftNotSaved(error, messageId, null);
  }
  const current = copies.at(-1);
  const currentCopy = current ? { folder: folders.drafts, uid: current.uid } : null;

  // Already delivered (this server remembers, or the draft says so): only the copy is missing.
  if (before?.phase === 'sent_not_saved' || copies.some((c) => c.flags.has(sentKeyword))) {
    return afterDelivery(context, {
      messageId,
      folders,
      origin: request.origin,
      refused: before?.phase === 'sent_not_saved' ? before.refused : [],
      draft: currentCopy,
      message: undefined,
      marked: true,
    });
  }
  const inDoubt =
    before?.phase === 'unknown' ||
    (before === undefined && copies.some((c) => c.flags.has(submittingKeyword)));
  if (inDoubt && !request.confirmResend) {
    return {
      result: {
        outcome: 'unknown',
        messageId,
        reason:
          'An earlier attempt to send this message may have reached the mail server. Check with the recipients; send it again only if it did not arrive.',
        draft: currentCopy,
      },
      next: { phase: 'unknown' },
    };
  }
  // No trace here at all: a retry whose answer was lost after everything was done?
  if (before === undefined && copies.length === 0 && !config.compose.smtpSavesSent) {
    const saved = await findCopy(context, folders.sent, messageId).catch(() => null);
    if (saved) {
      const result: SendResult = {
        outcome: 'sent',
        messageId,
        sent: saved,
        refused: [],
        originFlagged: false,
        draftLeft: false,
      };
      return { result, next: { phase: 'sent', result } };
    }
  }

  // Anything wrong with the fields or the files stops here, before anything is stored or sent.
  const built = await buildCompose(context, {
    fields: request,
    from,
    messageId,
    date: new Date(),
    draft: currentCopy ?? undefined,
    moved: entry.images,
  });

  const replaced = request.replaces?.folder === folders.drafts ? [request.replaces.uid] : [];
  let draft: { folder: string; uid: number };
  try {
    const uid = await pool.use(
      account,
      (client) =>
        replaceCopies(
          client,
          folders.drafts,
          built.message,
          ['\\Draft', '\\Seen', submittingKeyword],
          messageId,
          replaced,
        ),
      { folder: folders.drafts },
    );
    draft = { folder: folders.drafts, uid };
  } catch (error) {
    // Drafts may have been renamed or deleted elsewhere: look it up afresh next time.
    forgetSpecialFolders(account.email);
    return draftNotSaved(error, messageId, currentCopy);
  }
  context.cache.markChanged(account.email, folders.drafts);
  await dropUploads(context, built.uploads);

  const submitted = await submit(
    { endpoint: config.smtp, tlsCa: config.tlsCa },
    {
      auth: { user: account.email, pass: account.password },
      from: from.address,
      recipients: envelopeRecipients(request),
      message: smtpBytes(built.message),
    },
  );
  switch (submitted.status) {
    case 'sent':
      return afterDelivery(context, {
        messageId,
        folders,
        origin: request.origin,
        refused: submitted.refused,
        draft,
        message: built.message,
        marked: false,
      });
    case 'unknown':
      return {
        result: { outcome: 'unknown', messageId, reason: submitted.reason, draft },
        next: { phase: 'unknown' },
      };
    case 'not_sent':
      await unmark(context, draft);
      return {
        result: {
          outcome: 'not_sent',
          code: submitted.code,
          messageId,
          reason: submitted.reason,
          draft,
          ...(submitted.refused ? { refused: submitted.refused } : {}),
        },
        next: undefined,
      };
    case 'auth_failed':
      await unmark(context, draft);
      throw new MailError('unauthenticated', submitted.reason);
  }
}

/** Drafts could not be written: nothing was sent. A signed-out session stays a 401. */
function draftNotSaved(error: unknown, messageId: string, draft: MessageCopy): Attempt {
  if (isMailError(error, 'unauthenticated')) throw error;
  const why = isMailError(error) ? ` (${error.message})` : '';
  return {
    result: {
      outcome: 'not_sent',
      code: 'draft_not_saved',
      messageId,
      reason: `Tern could not save the message to Drafts first, so it did not send it${why}. Try again in a moment.`,
      draft,
    },
    next: undefined,
  };
}

/** Not sent after all: the draft is an ordinary draft again (best effort). */
async function unmark(context: ComposeContext, draft: { folder: string; uid: number }) {
  await context.pool
    .use(
      context.account,
      (client) => client.messageFlagsRemove(String(draft.uid), [submittingKeyword], { uid: true }),
      { folder: draft.folder },
    )
    .catch(() => undefined);
}
