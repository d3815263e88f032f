import { describe, expect, it } from 'vitest';
import {
  afterTyping,
  boxFromQuery,
  chipParts,
  editChip,
  emptyBox,
  queryText,
  removeChip,
  withChips,
} from '@/lib/client/search/search-box-model';
import { filtersFromQuery, noFilters, queryFromFilters } from '@/lib/client/search/filters';
import { currentWord, suggestionsFor } from '@/lib/client/search/suggestions';
import { combinedNotice } from '@/lib/client/search/use-result-actions';

describe('the search box model', () => {
  it('splits a query into operator chips and free text', () => {
    expect(boxFromQuery('report from:ann "big plan" is:unread in:all')).toEqual({
      chips: ['from:ann', 'is:unread', 'in:all'],
      text: 'report "big plan"',
    });
    expect(boxFromQuery('in:"My Folder" -has:attachment')).toEqual({
      chips: ['-has:attachment', 'in:"My Folder"'],
      text: '',
    });
  });

  it('keeps text that does not parse as typed', () => {
    expect(boxFromQuery('subject:"open')).toEqual({ chips: [], text: 'subject:"open' });
  });

  it('turns a finished operator term into a chip when a space follows it', () => {
    const typing = afterTyping(emptyBox, 'from:ann');
    expect(typing).toEqual({ chips: [], text: 'from:ann' });
    expect(afterTyping(typing, 'from:ann ')).toEqual({ chips: ['from:ann'], text: '' });
    expect(afterTyping({ chips: ['is:unread'], text: '' }, 'lunch subject:plan ')).toEqual({
      chips: ['is:unread', 'subject:plan'],
      text: 'lunch ',
    });
  });

  it('leaves half-typed terms alone', () => {
    expect(afterTyping(emptyBox, 'subject:"big ')).toEqual({ chips: [], text: 'subject:"big ' });
    expect(afterTyping(emptyBox, 'lunch ')).toEqual({ chips: [], text: 'lunch ' });
    expect(afterTyping(emptyBox, 'before:soon ')).toEqual({ chips: [], text: 'before:soon ' });
  });

  it('keeps one folder chip: a new in: replaces the old', () => {
    expect(withChips(['in:Work', 'is:unread'], ['in:all'])).toEqual(['is:unread', 'in:all']);
    expect(withChips(['is:unread'], ['is:unread'])).toEqual(['is:unread']);
  });

  it('writes the whole query as chips then text', () => {
    expect(queryText({ chips: ['from:ann', 'in:all'], text: ' lunch ' })).toBe(
      'from:ann in:all lunch',
    );
    expect(queryText(emptyBox)).toBe('');
  });

  it('edits and removes chips', () => {
    const box = { chips: ['from:ann', 'is:unread'], text: 'lunch' };
    expect(editChip(box, 0)).toEqual({ chips: ['is:unread'], text: 'lunch from:ann' });
    expect(removeChip(box, 1)).toEqual({ chips: ['from:ann'], text: 'lunch' });
    expect(chipParts('-from:"Ann Lee"')).toEqual({ operator: '-from:', value: '"Ann Lee"' });
  });
});

describe('search suggestions', () => {
  const sources = {
    folders: ['INBOX', 'Work', 'Work/Old plans', 'All hands'],
    contacts: [
      { name: 'Ann Lee', address: 'ann@tern.test' },
      { name: '', address: 'bob@tern.test' },
    ],
  };
  const inserts = (word: string) => suggestionsFor(word, sources).map((s) => s.insert);

  it('finds the word being typed, quotes included', () => {
    expect(currentWord('lunch from:an')).toBe('from:an');
    expect(currentWord('subject:"big pl')).toBe('subject:"big pl');
    expect(currentWord('lunch ')).toBe('');
  });

  it('offers operators by their first letters, negated too', () => {
    expect(inserts('fr')).toEqual(['from:']);
    expect(inserts('')).toContain('has:attachment');
    expect(inserts('-i')).toEqual(['-is:']);
    expect(inserts('from:')).toEqual([]);
    expect(inserts('lunch')).toEqual([]);
  });

  it('offers the values an operator takes', () => {
    expect(inserts('is:')).toEqual(['is:unread', 'is:read', 'is:flagged', 'is:answered']);
    expect(inserts('is:f')).toEqual(['is:flagged']);
    expect(inserts('has:')).toEqual(['has:attachment']);
    expect(inserts('after:')).toEqual(['after:7d', 'after:1m', 'after:6m', 'after:1y']);
    expect(inserts('larger:1')).toEqual(['larger:100k', 'larger:1M', 'larger:10M']);
  });

  it('offers folders for in:, quoted when they need it, and all', () => {
    expect(inserts('in:')).toEqual([
      'in:all',
      'in:INBOX',
      'in:Work',
      'in:"Work/Old plans"',
      'in:"All hands"',
    ]);
    expect(inserts('in:plan')).toEqual(['in:"Work/Old plans"']);
    expect(inserts('-in:')).toEqual([]);
  });

  it('offers contacts for from: and to:', () => {
    expect(inserts('from:le')).toEqual(['from:ann@tern.test']);
    expect(inserts('to:b')).toEqual(['to:bob@tern.test']);
    expect(inserts('from:')).toEqual([]);
  });
});

describe('the filter panel', () => {
  it('reads a query into fields and writes them back', () => {
    const q =
      'plan "big idea" -draft from:ann to:"Bob Lee" subject:report body:budget after:2024-01-01 before:7d larger:1M has:attachment is:unread is:flagged in:Work';
    const filters = filtersFromQuery(q);
    expect(filters).toMatchObject({
      words: 'plan "big idea"',
      without: 'draft',
      from: 'ann',
      to: '"Bob Lee"',
      subject: 'report',
      body: 'budget',
      after: '2024-01-01',
      before: '7d',
      larger: '1M',
      attachment: true,
      unread: true,
      flagged: true,
      answered: false,
      scope: 'Work',
      extra: '',
    });
    expect(boxFromQuery(queryFromFilters(filters))).toEqual(boxFromQuery(q));
  });

  it('keeps what it has no field for', () => {
    const filters = filtersFromQuery('-from:spam is:read from:ann from:bob in:all');
    expect(filters).toMatchObject({ from: 'ann', scope: 'all' });
    expect(filters.extra).toBe('-from:spam is:read from:bob');
    expect(queryFromFilters(filters)).toBe('from:ann -from:spam is:read from:bob in:all');
  });

  it('quotes field values with spaces, and negates each word left out', () => {
    expect(
      queryFromFilters({ ...noFilters, subject: 'big plan', without: 'one "two three"' }),
    ).toBe('-one -"two three" subject:"big plan"');
    expect(queryFromFilters({ ...noFilters, scope: 'My folder' })).toBe('in:"My folder"');
  });
});

describe('one notice for an action over several folders', () => {
  it('adds up the counts of the same outcome', () => {
    expect(
      combinedNotice([
        { notice: '2 messages moved to Archive.' },
        { notice: '1 message moved to Archive.' },
        { notice: '1,200 messages moved to Trash.' },
      ]),
    ).toBe('3 messages moved to Archive. 1,200 messages moved to Trash.');
    expect(combinedNotice([{ notice: '1 message deleted for good.' }])).toBe(
      '1 message deleted for good.',
    );
  });
});
