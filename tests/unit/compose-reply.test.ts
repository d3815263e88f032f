/** Reply and forward rules: recipients, subjects and threading, as Gmail and Fastmail users expect. */
import { describe, expect, it } from 'vitest';
import {
  baseSubject,
  forwardSubject,
  maxReferences,
  replyRecipients,
  replySubject,
  replyThreading,
  usableMessageId,
  type ReplyMode,
} from '@/lib/mail/compose/reply';
import type { Address } from '@/lib/mail/types';

const me = 'me@tern.test';
const a = (address: string, name = ''): Address => ({ name, address });
const ann = a('ann@example.com', 'Ann');
const bob = a('bob@example.com', 'Bob');
const cat = a('cat@example.com', 'Cat');
const dan = a('dan@example.com');
const list = a('list@lists.example.com', 'The List');
const self = a(me, 'Me');

interface Original {
  from: Address[];
  replyTo?: Address[];
  to?: Address[];
  cc?: Address[];
}

const recipients = (original: Original, mode: ReplyMode, identities = [me]) =>
  replyRecipients({ replyTo: [], to: [], cc: [], ...original }, mode, identities);

describe('reply recipients', () => {
  it.each<[string, Original, ReplyMode, { to: Address[]; cc: Address[] }]>([
    [
      'reply goes to From',
      { from: [ann], to: [self, bob], cc: [cat] },
      'reply',
      { to: [ann], cc: [] },
    ],
    [
      'Reply-To is honoured over From',
      { from: [ann], replyTo: [list], to: [self] },
      'reply',
      { to: [list], cc: [] },
    ],
    [
      'reply all: sender, the other To, Cc kept as Cc, self dropped',
      { from: [ann], to: [self, bob], cc: [cat, dan] },
      'reply_all',
      { to: [ann, bob], cc: [cat, dan] },
    ],
    [
      'reply all with Reply-To: the Reply-To replaces From',
      { from: [ann], replyTo: [list], to: [self, bob], cc: [cat] },
      'reply_all',
      { to: [list, bob], cc: [cat] },
    ],
    [
      'self dropped case-insensitively, from Cc too',
      { from: [ann], to: [a('ME@Tern.TEST'), bob], cc: [a('Me@tern.test', 'Me again'), cat] },
      'reply_all',
      { to: [ann, bob], cc: [cat] },
    ],
    [
      'duplicates dropped (case-insensitive), the first name kept, Cc that is already To dropped',
      {
        from: [ann],
        to: [a('ANN@example.com', 'Annie'), bob, bob],
        cc: [a('Bob@Example.com'), cat, cat],
      },
      'reply_all',
      { to: [ann, bob], cc: [cat] },
    ],
    [
      'a name found later fills an empty one',
      { from: [a('ann@example.com')], to: [self, ann], cc: [] },
      'reply_all',
      { to: [ann], cc: [] },
    ],
    [
      'the original is mine: reply to its To, not to myself',
      { from: [self], to: [bob, cat], cc: [dan] },
      'reply',
      { to: [bob, cat], cc: [] },
    ],
    [
      'the original is mine, reply all: its To and Cc again',
      { from: [self], replyTo: [self], to: [bob], cc: [dan] },
      'reply_all',
      { to: [bob], cc: [dan] },
    ],
    [
      'another of my identities counts as me',
      { from: [ann], to: [a('alias@tern.test'), bob] },
      'reply_all',
      { to: [ann, bob], cc: [] },
    ],
    [
      'a note to self is answered to self',
      { from: [self], to: [self] },
      'reply_all',
      { to: [self], cc: [] },
    ],
    [
      'entries without an address (an empty group) are left out',
      { from: [ann], to: [a('', 'undisclosed-recipients'), bob] },
      'reply_all',
      { to: [ann, bob], cc: [] },
    ],
  ])('%s', (_, original, mode, expected) => {
    expect(recipients(original, mode, [me, 'alias@tern.test'])).toEqual(expected);
  });

  it('cleans names that could not go into a header', () => {
    const { to } = recipients({ from: [a('ann@example.com', 'Ann\r\nBcc: evil@x.test')] }, 'reply');
    expect(to).toEqual([a('ann@example.com', 'Ann Bcc: evil@x.test')]);
  });
});

describe('subjects', () => {
  it.each([
    ['Lunch', 'Re: Lunch', 'Fwd: Lunch'],
    ['Re: RE: Fwd: x', 'Re: x', 'Fwd: x'],
    ['re:re:re: x', 'Re: x', 'Fwd: x'],
    ['FW: Re[2]: Antw: x', 'Re: x', 'Fwd: x'],
    ['AW: Aw: SV: Sv: WG: x', 'Re: x', 'Fwd: x'],
    ['Re : French spacing', 'Re: French spacing', 'Fwd: French spacing'],
    ['Re: [list] Re: inner', 'Re: [list] Re: inner', 'Fwd: [list] Re: inner'],
    ['Reply needed', 'Re: Reply needed', 'Fwd: Reply needed'],
    ['Fwdx: not a prefix', 'Re: Fwdx: not a prefix', 'Fwd: Fwdx: not a prefix'],
    ['', 'Re:', 'Fwd:'],
    ['  Re:   ', 'Re:', 'Fwd:'],
  ])('%j → %j / %j', (subject, reply, forward) => {
    expect(replySubject(subject)).toBe(reply);
    expect(forwardSubject(subject)).toBe(forward);
  });

  it('strips only the leading pile', () => {
    expect(baseSubject('Re: Fwd: Re: plans for re: tomorrow')).toBe('plans for re: tomorrow');
  });

  it('keeps a long subject within what a save accepts', () => {
    expect(replySubject(`Re: ${'x'.repeat(1500)}`)).toHaveLength(1000);
  });
});

describe('threading', () => {
  const id = (n: number) => `<m${n}@example.com>`;

  it.each<
    [string, { messageId: string | null; inReplyTo: string | null; references: string[] }, unknown]
  >([
    [
      'References + Message-ID',
      { messageId: id(3), inReplyTo: id(2), references: [id(1), id(2)] },
      { inReplyTo: id(3), references: [id(1), id(2), id(3)] },
    ],
    [
      'In-Reply-To when there are no References',
      { messageId: id(3), inReplyTo: id(2), references: [] },
      { inReplyTo: id(3), references: [id(2), id(3)] },
    ],
    [
      'a thread of one',
      { messageId: id(1), inReplyTo: null, references: [] },
      { inReplyTo: id(1), references: [id(1)] },
    ],
    [
      'no Message-ID: no threading',
      { messageId: null, inReplyTo: id(2), references: [id(1)] },
      undefined,
    ],
    [
      'a Message-ID that is not one: no threading',
      { messageId: 'garbage', inReplyTo: null, references: [] },
      undefined,
    ],
    [
      'references that are not Message-IDs, repeats and the message itself are dropped',
      {
        messageId: id(3),
        inReplyTo: null,
        references: [id(1), '<no-at-sign>', id(1), id(3), id(2)],
      },
      { inReplyTo: id(3), references: [id(1), id(2), id(3)] },
    ],
  ])('%s', (_, original, expected) => {
    expect(replyThreading(original)).toEqual(expected);
  });

  it('keeps the root and the latest 19 of a long thread', () => {
    const references = Array.from({ length: 40 }, (_, n) => id(n));
    const threading = replyThreading({ messageId: id(40), inReplyTo: id(39), references });
    expect(threading?.references).toHaveLength(maxReferences);
    expect(threading?.references[0]).toBe(id(0));
    expect(threading?.references.slice(1)).toEqual(
      Array.from({ length: 19 }, (_, n) => id(22 + n)),
    );
  });

  it('names the original only by a Message-ID the payload accepts', () => {
    expect(usableMessageId(' <a@b> ')).toBe('<a@b>');
    expect(usableMessageId('<a b@c>')).toBeNull();
    expect(usableMessageId(null)).toBeNull();
  });
});
