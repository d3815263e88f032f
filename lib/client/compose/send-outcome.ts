/**
 * What the composer says about a send: each answer of POST /api/send told exactly, and a 400
 * turned into the field it names, so the composer can mark it.
 */
import type { RefusedRecipients, SendResult } from '@/lib/mail/types';

export type ComposeField = 'to' | 'cc' | 'bcc' | 'subject' | 'body' | 'attachments' | 'fromName';
const fields: readonly ComposeField[] = [
  'to',
  'cc',
  'bcc',
  'subject',
  'body',
  'attachments',
  'fromName',
];

export interface FieldProblem {
  field: ComposeField;
  /** Which recipient or attachment, counted from 0. */
  index?: number;
  message: string;
}

/** The field a validation message names ("cc.2.address: is not an email address"), if any. */
export function fieldProblemOf(message: string): FieldProblem | undefined {
  const match = /^([A-Za-z]+)(?:\.(\d+))?(?:\.[\w.]+)?: (.+)$/s.exec(message);
  if (!match) return undefined;
  const field = fields.find((f) => f === match[1]);
  if (!field) return undefined;
  return {
    field,
    index: match[2] === undefined ? undefined : Number(match[2]),
    message: match[3]!,
  };
}

function refusedText(refused: RefusedRecipients): string {
  return refused.map((r) => `${r.address} (${r.reply})`).join(', ');
}

/**
 * The follow-ups a notice offers: save the Sent copy again (the same POST), send despite the
 * doubt (confirmResend), the same POST after Tern could not be reached, back to the composer.
 */
export type NoticeAction = 'save_sent' | 'resend' | 'retry' | 'edit';

export interface SendNotice {
  tone: 'ok' | 'warning' | 'bad';
  text: string;
  actions: NoticeAction[];
  /** The message went out: the local copy can go. */
  delivered: boolean;
  /** Not sent: the composer comes back with `text` as its problem. */
  reopen: boolean;
}

export function noticeFor(result: SendResult): SendNotice {
  switch (result.outcome) {
    case 'sent': {
      const parts = ['Message sent.'];
      if (result.refused.length > 0)
        parts.push(`These recipients were refused: ${refusedText(result.refused)}.`);
      if (result.draftLeft) parts.push('Its draft could not be removed from Drafts.');
      return {
        tone: result.refused.length > 0 ? 'warning' : 'ok',
        text: parts.join(' '),
        actions: [],
        delivered: true,
        reopen: false,
      };
    }
    case 'sent_not_saved':
      return {
        tone: 'warning',
        text: `Message sent, but no copy was saved in Sent: ${result.reason}`,
        actions: ['save_sent'],
        delivered: true,
        reopen: false,
      };
    case 'not_sent': {
      const refused = result.refused?.length ? ` Refused: ${refusedText(result.refused)}.` : '';
      return {
        tone: 'bad',
        text: `Not sent: ${result.reason}${refused}`,
        actions: [],
        delivered: false,
        reopen: true,
      };
    }
    case 'unknown':
      return {
        tone: 'warning',
        text: `The message may have been sent: ${result.reason} Look in Sent, or ask a recipient, before sending it again.`,
        actions: ['resend', 'edit'],
        delivered: false,
        reopen: false,
      };
  }
}

/**
 * A send that got no answer (Tern unreachable, or failing): it may or may not have arrived, and
 * the same POST again is safe, as the server knows each compose by its id.
 */
export function unansweredNotice(message: string): SendNotice {
  return {
    tone: 'bad',
    text: `The message could not be handed to Tern: ${message} Trying again never sends it twice.`,
    actions: ['retry', 'edit'],
    delivered: false,
    reopen: false,
  };
}
