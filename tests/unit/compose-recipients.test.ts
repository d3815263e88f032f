import { describe, expect, it } from 'vitest';
import {
  matchContacts,
  recipientLabel,
  recipientProblem,
  recipientsFrom,
  recipientText,
} from '@/lib/client/compose/recipients';

describe('recipients typed or pasted into an address field', () => {
  it('makes one chip per address of a pasted list, names kept, commas in quotes respected', () => {
    expect(
      recipientsFrom('"Lee, Ann" <ann@x.org>, bob@y.org; Carl <carl@z.org>\ndora@w.org'),
    ).toEqual([
      { name: 'Lee, Ann', address: 'ann@x.org' },
      { name: '', address: 'bob@y.org' },
      { name: 'Carl', address: 'carl@z.org' },
      { name: '', address: 'dora@w.org' },
    ]);
  });

  it('drops duplicates, whatever their case, including ones already chosen', () => {
    expect(
      recipientsFrom('bob@y.org, BOB@y.org, ann@x.org', [{ name: 'Ann', address: 'Ann@X.org' }]),
    ).toEqual([{ name: '', address: 'bob@y.org' }]);
  });

  it('keeps what is not an address as typed, so it can be marked', () => {
    const [chip] = recipientsFrom('bob@');
    expect(chip).toEqual({ name: '', address: 'bob@' });
    expect(recipientProblem(chip!)).toBe('bob@ is not an email address (name@example.com)');
  });

  it('finds nothing wrong with a proper address, and names a bad display name', () => {
    expect(recipientProblem({ name: 'Ann', address: 'ann@x.org' })).toBeUndefined();
    expect(recipientProblem({ name: 'A\u0007nn', address: 'ann@x.org' })).toBe(
      'The name contains a line break or control character',
    );
  });

  it('labels a chip by name, and writes it out in full for copying and reading aloud', () => {
    expect(recipientLabel({ name: 'Ann', address: 'ann@x.org' })).toBe('Ann');
    expect(recipientLabel({ name: '', address: 'ann@x.org' })).toBe('ann@x.org');
    expect(recipientText({ name: 'Ann', address: 'ann@x.org' })).toBe('Ann <ann@x.org>');
  });
});

describe('suggestions from the contacts', () => {
  const contacts = [
    { name: 'Bob Stone', address: 'bob@tern.test', score: 9 },
    { name: 'Ann Bobson', address: 'ann@tern.test', score: 5 },
    { name: '', address: 'robert@example.com', score: 3 },
    { name: 'Carl', address: 'carl@bob.example', score: 1 },
  ];

  it('match the start of a word of the name or of the address, best first', () => {
    expect(matchContacts('bob', contacts, []).map((c) => c.address)).toEqual([
      'bob@tern.test',
      'ann@tern.test',
      'carl@bob.example',
    ]);
    expect(matchContacts('ROB', contacts, []).map((c) => c.address)).toEqual([
      'robert@example.com',
    ]);
  });

  it('leave out those already chosen, and stop at the limit', () => {
    expect(
      matchContacts('bob', contacts, [{ name: '', address: 'BOB@tern.test' }], 1).map(
        (c) => c.address,
      ),
    ).toEqual(['ann@tern.test']);
  });

  it('are none for an empty query', () => {
    expect(matchContacts('  ', contacts, [])).toEqual([]);
  });
});
