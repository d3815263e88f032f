/** How the composer's address suggestions are ranked: frequency and recency, without the user. */
import { describe, expect, it } from 'vitest';
import { contactLimits, rankContacts, type Sighting } from '@/lib/mail/compose/contacts';

const now = Date.parse('2026-11-01T12:00:00Z');
const daysAgo = (days: number) => now - days * 24 * 60 * 60_000;
const seen = (address: string, days: number, name = '', weight = 1): Sighting => ({
  address,
  name,
  at: daysAgo(days),
  weight,
});

describe('rankContacts', () => {
  it('puts people written to often and lately first', () => {
    const ranked = rankContacts(
      [
        seen('often@x.org', 10),
        seen('often@x.org', 11),
        seen('often@x.org', 12),
        seen('once@x.org', 1),
        seen('long-ago@x.org', 700),
        seen('long-ago@x.org', 710),
      ],
      'me@x.org',
      now,
    );
    expect(ranked.map((c) => c.address)).toEqual(['often@x.org', 'once@x.org', 'long-ago@x.org']);
    expect(ranked[0]!.score).toBeGreaterThan(ranked[1]!.score);
  });

  it('counts an address however it is capitalised, with its newest name and spelling', () => {
    const ranked = rankContacts(
      [
        seen('Ann@X.org', 3, 'Ann Old'),
        seen('ann@x.org', 1, 'Ann Lee'),
        seen('ann@x.org', 2, ''),
        seen('bob@x.org', 5, ''),
        seen('bob@x.org', 9, 'Bob'),
      ],
      'me@x.org',
      now,
    );
    expect(ranked).toEqual([
      { name: 'Ann Lee', address: 'ann@x.org', score: expect.any(Number) as number },
      { name: 'Bob', address: 'bob@x.org', score: expect.any(Number) as number },
    ]);
  });

  it('leaves out the user and what Tern cannot send to', () => {
    const ranked = rankContacts(
      [
        seen('Me@X.org', 1),
        seen('', 1, 'undisclosed-recipients'),
        seen('not an address', 1),
        seen('x@localhost', 1),
        seen('friend@x.org', 1),
      ],
      'me@x.org',
      now,
    );
    expect(ranked.map((c) => c.address)).toEqual(['friend@x.org']);
  });

  it('weighs a recipient above a sender seen as often', () => {
    const ranked = rankContacts(
      [seen('heard@x.org', 1, '', 1), seen('wrote@x.org', 1, '', 2)],
      'me@x.org',
      now,
    );
    expect(ranked.map((c) => c.address)).toEqual(['wrote@x.org', 'heard@x.org']);
  });

  it(`answers at most ${contactLimits.contacts}`, () => {
    const many = Array.from({ length: contactLimits.contacts + 50 }, (_, i) =>
      seen(`p${i}@x.org`, i % 400),
    );
    const ranked = rankContacts(many, 'me@x.org', now);
    expect(ranked).toHaveLength(contactLimits.contacts);
    expect(ranked[0]!.score).toBeGreaterThanOrEqual(ranked.at(-1)!.score);
  });
});
