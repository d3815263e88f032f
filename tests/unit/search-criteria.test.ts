/**
 * Parsed searches as imapflow search objects, and (through imapflow's own compilers) the SEARCH
 * command each becomes: the user's text only ever travels as an IMAP string.
 */
import { describe, expect, it } from 'vitest';
// imapflow's internals, only to show the exact command a search object becomes.
import compiler from 'imapflow/lib/handler/imap-compiler.js';
import { searchCompiler } from 'imapflow/lib/search-compiler.js';
import type { SearchObject } from '@/lib/imap/client';
import { conjunction, searchCriteria } from '@/lib/mail/search/criteria';
import { parseQuery } from '@/lib/shared/search-query';

const now = new Date('2026-11-22T13:50:00Z');

function criteriaOf(text: string): SearchObject {
  const result = parseQuery(text, now);
  if (!result.ok) throw new Error(result.error.message);
  return searchCriteria(result.query.terms);
}

/** The SEARCH arguments imapflow sends for these criteria (a server without WITHIN). */
async function command(criteria: SearchObject): Promise<string> {
  const connection = { capabilities: new Map(), enabled: new Set() };
  const attributes = searchCompiler(connection as never, criteria);
  const compiled = await compiler({ tag: 'A', command: 'SEARCH', attributes }, { asArray: false });
  return compiled.toString().replace(/^A SEARCH /, '');
}

const anyField = (v: string) => ({
  or: [{ from: v }, { to: v }, { cc: v }, { subject: v }, { body: v }],
});

describe('searchCriteria', () => {
  it.each<[string, SearchObject]>([
    ['', { all: true }],
    ['invoice', anyField('invoice')],
    ['"quarterly report"', anyField('quarterly report')],
    ['from:alice', { from: 'alice' }],
    ['to:bob', { or: [{ to: 'bob' }, { cc: 'bob' }] }],
    ['subject:plan', { subject: 'plan' }],
    ['body:wire', { body: 'wire' }],
    ['has:attachment', { header: { 'content-type': 'multipart/mixed' } }],
    ['is:unread', { seen: false }],
    ['is:read', { seen: true }],
    ['is:flagged', { flagged: true }],
    ['is:answered', { answered: true }],
    ['after:2024-03-01', { since: new Date('2024-03-01T00:00:00Z') }],
    ['before:2024-03-01', { before: new Date('2024-03-01T00:00:00Z') }],
    ['larger:10k', { larger: 10240 }],
    ['smaller:2M', { smaller: 2097152 }],
    ['-from:noreply', { not: { from: 'noreply' } }],
    ['-is:read', { not: { seen: true } }],
    ['from:alice is:unread larger:1k', { from: 'alice', seen: false, larger: 1024 }],
    ['in:all from:alice', { from: 'alice' }],
  ])('%j', (text, criteria) => {
    expect(criteriaOf(text)).toEqual(criteria);
  });

  it('writes clashing terms as NOT (NOT a OR NOT b), the same set', () => {
    expect(criteriaOf('from:a from:b')).toEqual({
      not: { or: [{ not: { from: 'a' } }, { not: { from: 'b' } }] },
    });
    expect(criteriaOf('invoice march')).toEqual({
      not: { or: [{ not: anyField('invoice') }, { not: anyField('march') }] },
    });
  });

  it('merges terms whose keys differ', () => {
    expect(conjunction([{ from: 'a' }, { subject: 'b' }, { not: { seen: true } }])).toEqual({
      from: 'a',
      subject: 'b',
      not: { seen: true },
    });
  });
});

describe('the SEARCH command imapflow sends', () => {
  it.each<[string, string]>([
    ['', 'ALL'],
    ['from:alice', 'FROM alice'],
    ['invoice', 'OR OR OR FROM invoice TO invoice OR CC invoice SUBJECT invoice BODY invoice'],
    ['subject:"a \\"b\\" c"', 'SUBJECT "a \\"b\\" c"'],
    ['has:attachment', 'HEADER CONTENT-TYPE multipart/mixed'],
    ['-is:read is:flagged', 'NOT SEEN FLAGGED'],
    ['after:2024-03-01 before:2024-04-01', 'SINCE 01-Mar-2024 BEFORE 01-Apr-2024'],
    ['larger:10k smaller:2M', 'LARGER 10240 SMALLER 2097152'],
    ['from:a from:b', 'NOT OR NOT FROM a NOT FROM b'],
    ['from:a from:b from:c', 'NOT OR OR NOT FROM a NOT FROM b NOT FROM c'],
    ['subject:Привет', 'CHARSET UTF-8 SUBJECT "Привет"'],
    ['from:a is:unread from:b', 'NOT OR OR NOT FROM a NOT UNSEEN NOT FROM b'],
    [
      '"x) OR ALL ("',
      'OR OR OR FROM "x) OR ALL (" TO "x) OR ALL (" OR CC "x) OR ALL (" SUBJECT "x) OR ALL (" BODY "x) OR ALL ("',
    ],
  ])('%j → %s', async (text, expected) => {
    expect(await command(criteriaOf(text))).toBe(expected);
  });
});
