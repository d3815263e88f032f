import { describe, expect, it } from 'vitest';
import { orderFolders } from '@/lib/mail/folders';
import { sequenceWindow } from '@/lib/mail/messages';
import { hasAttachment } from '@/lib/mail/summary';
import { uidSet } from '@/lib/mail/uid-set';
import type { Folder } from '@/lib/mail/types';

function folder(path: string, specialUse: Folder['specialUse'] = null): Folder {
  const parts = path.split('/');
  return {
    path,
    name: parts.at(-1)!,
    parent: parts.length > 1 ? parts.slice(0, -1).join('/') : null,
    delimiter: '/',
    specialUse,
    subscribed: true,
    total: 0,
    unseen: 0,
  };
}

describe('folder order', () => {
  it('puts INBOX and the special-use folders first, then the tree, names read naturally', () => {
    const ordered = orderFolders([
      folder('Work/Project 10'),
      folder('Trash', 'trash'),
      folder('Archive', 'archive'),
      folder('work notes'),
      folder('Work'),
      folder('INBOX', 'inbox'),
      folder('Work/Project 9'),
      folder('Sent', 'sent'),
      folder('Orphan/Child'),
      folder('Drafts', 'drafts'),
      folder('Junk', 'junk'),
    ]);
    expect(ordered.map((f) => f.path)).toEqual([
      'INBOX',
      'Drafts',
      'Sent',
      'Archive',
      'Junk',
      'Trash',
      // A child whose parent is not listed stays visible at the top level.
      'Orphan/Child',
      'Work',
      'Work/Project 9',
      'Work/Project 10',
      'work notes',
    ]);
  });
});

describe('message windows by sequence number', () => {
  it.each([
    [100, 0, 50, 'desc', { from: 51, to: 100 }],
    [100, 90, 50, 'desc', { from: 1, to: 10 }],
    [100, 0, 50, 'asc', { from: 1, to: 50 }],
    [100, 95, 50, 'asc', { from: 96, to: 100 }],
    [100, 100, 50, 'desc', undefined],
    [0, 0, 50, 'desc', undefined],
  ] as const)('%i messages, offset %i, limit %i, %s', (total, offset, limit, order, expected) => {
    expect(sequenceWindow(total, { offset, limit, order })).toEqual(expected);
  });
});

describe('attachment detection', () => {
  const text = { type: 'text/plain' };
  it.each([
    ['a plain message', text, false],
    [
      'an attached PDF',
      {
        type: 'multipart/mixed',
        childNodes: [text, { type: 'application/pdf', disposition: 'attachment' }],
      },
      true,
    ],
    [
      'a named part without disposition',
      {
        type: 'multipart/mixed',
        childNodes: [text, { type: 'application/zip', parameters: { name: 'a.zip' } }],
      },
      true,
    ],
    [
      'an inline image referenced by cid',
      {
        type: 'multipart/related',
        childNodes: [
          { type: 'text/html' },
          { type: 'image/png', id: '<logo>', parameters: { name: 'logo.png' } },
        ],
      },
      false,
    ],
    [
      'an attached message',
      {
        type: 'multipart/mixed',
        childNodes: [
          text,
          { type: 'message/rfc822', disposition: 'attachment', childNodes: [text] },
        ],
      },
      true,
    ],
  ])('%s', (_, part, expected) => {
    expect(hasAttachment(part)).toBe(expected);
  });
});

describe('UID sets', () => {
  it('collapse runs and sort, so long selections stay short', () => {
    expect(uidSet([5, 1, 2, 3, 9, 12, 13, 14, 3])).toBe('1:3,5,9,12:14');
    expect(uidSet([7])).toBe('7');
    expect(uidSet(Array.from({ length: 10_000 }, (_, i) => i + 1))).toBe('1:10000');
  });
});
