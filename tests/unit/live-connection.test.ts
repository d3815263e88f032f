import { describe, expect, it } from 'vitest';
import { connectionState, parseMailEvent } from '@/lib/client/live/events';
import { backoffDelay } from '@/lib/client/live/event-stream';
import { withCounts } from '@/lib/client/use-folders';
import type { Folder } from '@/lib/mail/types';

describe('live event data', () => {
  it('reads the JSON of the named event', () => {
    const data = JSON.stringify({ type: 'message.expunged', folder: 'INBOX', uids: [4, 5] });
    expect(parseMailEvent('message.expunged', data)).toEqual({
      type: 'message.expunged',
      folder: 'INBOX',
      uids: [4, 5],
    });
  });

  it.each([
    ['not JSON', '{'],
    ['another type', JSON.stringify({ type: 'folder.list' })],
    ['no type', JSON.stringify({ folder: 'INBOX', uids: [] })],
    ['not an object', '3'],
    ['null', 'null'],
    ['no data', undefined],
  ])('leaves out %s', (_, data) => {
    expect(parseMailEvent('message.expunged', data)).toBeUndefined();
  });
});

describe('connection state shown', () => {
  it.each([
    ['starting', 'live', 'live'],
    ['open', 'live', 'live'],
    ['open', 'reconnecting', 'reconnecting'],
    ['retrying', 'live', 'reconnecting'],
    ['offline', 'live', 'offline'],
    ['offline', 'reconnecting', 'offline'],
  ] as const)('stream %s, server %s: %s', (stream, server, shown) => {
    expect(connectionState(stream, server)).toBe(shown);
  });
});

describe('reconnect backoff', () => {
  it('doubles from a second, never past 30 s, with jitter in the upper half', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(0, () => 1)).toBe(1000);
    expect(backoffDelay(3, () => 1)).toBe(8000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });
});

describe('folder counts from live events', () => {
  const folders: Folder[] = [
    {
      path: 'INBOX',
      name: 'INBOX',
      parent: null,
      delimiter: '/',
      specialUse: 'inbox',
      subscribed: true,
      total: 10,
      unseen: 2,
    },
  ];

  it('change only the folder named', () => {
    expect(withCounts(folders, 'INBOX', 11, 3)[0]).toMatchObject({ total: 11, unseen: 3 });
    expect(folders[0]).toMatchObject({ total: 10, unseen: 2 });
  });

  it('leave the list as it was when nothing changed, so nothing renders again', () => {
    expect(withCounts(folders, 'INBOX', 10, 2)).toBe(folders);
    expect(withCounts(folders, 'Archive', 1, 1)).toBe(folders);
  });
});
