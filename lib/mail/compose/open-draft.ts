/**
 * A draft opened from Drafts, to be continued in the composer. A draft Tern saved carries its
 * composeId in its Message-ID, so the compose goes on where it was (the next save replaces it,
 * whichever browser or instance saved it last). Any other client's draft becomes a new compose
 * that replaces it when first saved.
 */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../../errors';
import type { ImapClient } from '../../imap/client';
import { maxNameLength, maxSubjectLength } from '../../shared/address';
import { readMessage, type ReadOptions } from '../message';
import { flagParam } from '../params';
import { uidParam } from '../part';
import type { ComposeBody, ComposePrefill, MessageView } from '../types';
import { editorHtml } from './editor-html';
import { folderParam, partAttachments } from './prefill';
import { distinctAddresses, headerText, replyThreading } from './reply';
import { composeIdOf, maxHtmlBytes, maxTextBytes, messageIdFor } from './schema';

/** GET /api/compose/draft */
export const draftQuery = z.object({
  folder: folderParam,
  uid: uidParam,
  /** 1: remote images in the draft load through the image proxy, as the reader allowed. */
  remote: flagParam,
});

export interface OpenDraftOptions {
  /** The signed-in user's address: a Tern Message-ID made for it marks the draft as Tern's. */
  identity: string;
  remoteUrl?: ReadOptions['remoteUrl'];
}

const tooLong = () =>
  new MailError(
    'payload_too_large',
    'This draft is longer than the composer holds, so it was left as it is. Open it in another mail program.',
  );

/**
 * The draft's body as the composer edits it: its HTML (flattened to what the editor keeps), else
 * its text. A draft is never cut: one too long or too complex to edit whole is refused, not
 * shortened or emptied (saving it would replace the original).
 */
function draftBody(draft: MessageView): ComposeBody {
  if (draft.tooComplex)
    throw new MailError(
      'payload_too_large',
      'This draft is too complex for the composer, so it was left as it is. Open it in another mail program.',
    );
  if (draft.truncated) throw tooLong();
  if (draft.html !== null) {
    const html = editorHtml(draft.html).html;
    if (Buffer.byteLength(html) > maxHtmlBytes) throw tooLong();
    return { mode: 'html', html };
  }
  const text = (draft.text ?? '').replace(/\r\n?/g, '\n');
  if (Buffer.byteLength(text) > maxTextBytes) throw tooLong();
  return { mode: 'text', text };
}

/** Tern's composeId in the draft's Message-ID, when Tern made it for this user. */
function ownComposeId(messageId: string | null, identity: string): string | undefined {
  const id = composeIdOf(messageId);
  if (!id || !messageId) return undefined;
  return messageIdFor(id, identity).toLowerCase() === messageId.toLowerCase() ? id : undefined;
}

export async function openDraft(
  client: ImapClient,
  folder: string,
  uid: number,
  options: OpenDraftOptions,
): Promise<ComposePrefill> {
  // Drafts are read whole (up to 20 MB of each part): a draft must never reopen shortened.
  const draft = await readMessage(client, folder, uid, {
    remoteUrl: options.remoteUrl,
    full: true,
  });
  const body = draftBody(draft);
  const composeId = ownComposeId(draft.messageId, options.identity);
  // The draft's In-Reply-To names the message it answers: the same rules give back its threading.
  const threading = draft.inReplyTo
    ? replyThreading({ messageId: draft.inReplyTo, inReplyTo: null, references: draft.references })
    : undefined;
  const fromName = headerText(draft.from[0]?.name ?? '', maxNameLength);
  return {
    ...(composeId ? { composeId } : { replaces: { folder, uid } }),
    ...(fromName ? { fromName } : {}),
    to: distinctAddresses(draft.to),
    cc: distinctAddresses(draft.cc),
    bcc: distinctAddresses(draft.bcc),
    subject: headerText(draft.subject, maxSubjectLength),
    body,
    attachments: partAttachments(draft, folder, uid, body.mode),
    ...(threading ? { threading } : {}),
  };
}
