/** The search request planned: where it runs, the cache key, and bad text as a 400 with its place. */
import { describe, expect, it } from 'vitest';
import { isMailError } from '@/lib/errors';
import { planSearch, searchRequest } from '@/lib/mail/search/search';

const now = new Date('2026-11-22T13:50:00Z');

describe('planSearch', () => {
  it('runs in the current folder unless in: names another or all', () => {
    expect(planSearch({ q: 'x', folder: 'Sent' }, now).scope).toEqual({
      kind: 'folder',
      path: 'Sent',
    });
    expect(planSearch({ q: 'x in:"Old mail"', folder: 'Sent' }, now).scope).toEqual({
      kind: 'folder',
      path: 'Old mail',
    });
    expect(planSearch({ q: 'in:all x', folder: 'Sent' }, now).scope).toEqual({ kind: 'all' });
  });

  it('keys the cache by the criteria sent, so spelling and relative dates do not matter', () => {
    const key = (q: string, at = now) => planSearch({ q, folder: 'INBOX' }, at).key;
    expect(key('FROM:alice  IS:unread')).toBe(key('from:alice is:unread'));
    expect(key('after:7d')).toBe(key('after:2026-11-15'));
    expect(key('after:7d')).not.toBe(key('after:7d', new Date('2026-11-23T00:00:00Z')));
    expect(key('from:alice')).not.toBe(key('from:alicia'));
  });

  it('leaves negated text, field and attachment terms out of the criteria, to be taken out after', () => {
    const plan = planSearch(
      { q: 'report -"quarterly report" -is:read -from:x -has:attachment', folder: 'INBOX' },
      now,
    );
    expect(plan.criteria).toEqual({
      or: [
        { from: 'report' },
        { to: 'report' },
        { cc: 'report' },
        { subject: 'report' },
        { body: 'report' },
      ],
      not: { seen: true },
    });
    expect(plan.excluded).toEqual([
      {
        or: [
          { from: 'quarterly report' },
          { to: 'quarterly report' },
          { cc: 'quarterly report' },
          { subject: 'quarterly report' },
          { body: 'quarterly report' },
        ],
      },
      { from: 'x' },
    ]);
    // Attachments are asked for by structure, apart from the criteria.
    expect(plan.attachment).toEqual([false]);
    expect(planSearch({ q: 'has:attachment', folder: 'INBOX' }, now)).toMatchObject({
      criteria: { all: true },
      attachment: [true],
    });
    expect(plan.key).not.toBe(planSearch({ q: 'report -is:read', folder: 'INBOX' }, now).key);
  });

  it.each([
    [
      'foo:bar',
      'q: There is no search operator "foo:"; put text with a colon in quotes to search for it (at character 1)',
    ],
    ['a before:2024-02-30', 'q: There is no date 2024-02-30 (at character 10)'],
  ])('%s is a 400 naming the place', (q, message) => {
    let thrown: unknown;
    try {
      planSearch({ q, folder: 'INBOX' }, now);
    } catch (error) {
      thrown = error;
    }
    expect(isMailError(thrown, 'invalid_request')).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });
});

describe('searchRequest', () => {
  it('defaults the folder, offset and limit', () => {
    expect(searchRequest.parse({ q: 'x' })).toEqual({
      q: 'x',
      folder: 'INBOX',
      offset: 0,
      limit: 50,
    });
  });

  it.each([
    {},
    { q: 'x', limit: '201' },
    { q: 'x', offset: '-1' },
    { q: 'x'.repeat(2001) },
    { q: 'x', folder: '' },
  ])('refuses %j', (query) => {
    expect(searchRequest.safeParse(query).success).toBe(false);
  });
});
