import { describe, expect, it } from 'vitest';
import { fieldProblemOf, noticeFor, unansweredNotice } from '@/lib/client/compose/send-outcome';
import { saveStatusText } from '@/lib/client/compose/save-status';

describe('what the composer says about a send', () => {
  it('says sent, naming recipients refused and a draft left behind', () => {
    expect(
      noticeFor({
        outcome: 'sent',
        messageId: '<x@tern.test>',
        sent: { folder: 'Sent', uid: 3 },
        refused: [],
        originFlagged: true,
        draftLeft: false,
      }),
    ).toEqual({ tone: 'ok', text: 'Message sent.', actions: [], delivered: true, reopen: false });
    const partly = noticeFor({
      outcome: 'sent',
      messageId: '<x@tern.test>',
      sent: null,
      refused: [{ address: 'nobody@tern.test', reply: '550 5.1.1 User unknown' }],
      originFlagged: false,
      draftLeft: true,
    });
    expect(partly.tone).toBe('warning');
    expect(partly.text).toBe(
      'Message sent. These recipients were refused: nobody@tern.test (550 5.1.1 User unknown). Its draft could not be removed from Drafts.',
    );
  });

  it('offers to save the Sent copy again when only that failed', () => {
    const notice = noticeFor({
      outcome: 'sent_not_saved',
      messageId: '<x@tern.test>',
      reason: 'The folder Sent does not exist.',
      draft: { folder: 'Drafts', uid: 9 },
    });
    expect(notice).toMatchObject({ delivered: true, actions: ['save_sent'], reopen: false });
    expect(notice.text).toBe(
      'Message sent, but no copy was saved in Sent: The folder Sent does not exist.',
    );
  });

  it('reopens the composer when nothing was sent, with the reason', () => {
    const notice = noticeFor({
      outcome: 'not_sent',
      code: 'smtp_unavailable',
      messageId: '<x@tern.test>',
      reason: 'The mail server cannot be reached.',
      draft: { folder: 'Drafts', uid: 9 },
    });
    expect(notice).toMatchObject({ reopen: true, delivered: false, tone: 'bad' });
    expect(notice.text).toBe('Not sent: The mail server cannot be reached.');
  });

  it('says "may have been sent" for an unknown outcome, and asks before sending again', () => {
    const notice = noticeFor({
      outcome: 'unknown',
      messageId: '<x@tern.test>',
      reason: 'The connection was lost after the message was handed over.',
      draft: null,
    });
    expect(notice.text).toMatch(/^The message may have been sent: /);
    expect(notice.actions).toEqual(['resend', 'edit']);
    expect(notice.delivered).toBe(false);
  });

  it('offers the same send again when Tern gave no answer', () => {
    expect(unansweredNotice('Tern cannot be reached.').actions).toEqual(['retry', 'edit']);
  });
});

describe('a 400 naming a field', () => {
  it('gives the field and the recipient or attachment', () => {
    expect(fieldProblemOf('cc.2.address: is not an email address (name@example.com)')).toEqual({
      field: 'cc',
      index: 2,
      message: 'is not an email address (name@example.com)',
    });
    expect(fieldProblemOf('subject: contains a line break or control character')).toEqual({
      field: 'subject',
      index: undefined,
      message: 'contains a line break or control character',
    });
    expect(fieldProblemOf('attachments.0.ref.id: is invalid')).toMatchObject({
      field: 'attachments',
      index: 0,
    });
  });

  it('gives nothing for a message naming no field of the composer', () => {
    expect(fieldProblemOf('The request body is larger than 4 MB.')).toBeUndefined();
    expect(fieldProblemOf('composeId: must be 22 base64url characters')).toBeUndefined();
  });
});

describe('the save status line', () => {
  const now = Date.parse('2026-11-22T12:05:00Z');
  it('tells where the words are', () => {
    expect(saveStatusText({ kind: 'saving' }, undefined, now)).toBe('Saving…');
    expect(saveStatusText({ kind: 'pending' }, undefined, now)).toBe(
      'Kept in this browser; saving to Drafts soon',
    );
    expect(
      saveStatusText({ kind: 'saved', savedAt: '2026-11-22T12:03:00Z' }, undefined, now),
    ).toMatch(/^Saved to Drafts \S/);
    expect(saveStatusText({ kind: 'idle' }, undefined, now)).toBe('');
    expect(
      saveStatusText(
        { kind: 'failed', message: 'Tern cannot be reached.', retryAt: now + 14_200 },
        undefined,
        now,
      ),
    ).toBe('Not saved: Tern cannot be reached. Retrying in 15 s (kept in this browser).');
    expect(saveStatusText({ kind: 'failed', message: 'A send began.' }, undefined, now)).toBe(
      'Not saved to Drafts: A send began.',
    );
  });
});
