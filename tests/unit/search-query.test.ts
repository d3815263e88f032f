/** The search box's language: what each text parses to, the errors with their positions, and the way back to text. */
import { describe, expect, it } from 'vitest';
import {
  describeError,
  parseQuery,
  serializeQuery,
  type SearchQuery,
  type SearchTerm,
} from '@/lib/shared/search-query';

const now = new Date('2026-11-22T13:50:00Z');
const current = { kind: 'current' } as const;

function parsed(text: string): SearchQuery {
  const result = parseQuery(text, now);
  if (!result.ok) throw new Error(`${text}: ${describeError(result.error)}`);
  return result.query;
}

const text = (value: string, extra: Partial<SearchTerm> = {}): SearchTerm =>
  ({ kind: 'text', value, negated: false, ...extra }) as SearchTerm;
const field = (f: string, value: string, extra: Partial<SearchTerm> = {}): SearchTerm =>
  ({ kind: 'field', field: f, value, negated: false, ...extra }) as SearchTerm;

describe('parseQuery: terms', () => {
  it.each<[string, SearchTerm[]]>([
    ['', []],
    ['   \t ', []],
    ['invoice', [text('invoice')]],
    ['invoice march', [text('invoice'), text('march')]],
    ['  invoice \t  march  ', [text('invoice'), text('march')]],
    ['"quarterly report"', [text('quarterly report', { quoted: true })]],
    ['"say \\"hi\\""', [text('say "hi"', { quoted: true })]],
    ['"back\\\\slash"', [text('back\\slash', { quoted: true })]],
    ['"a\\b"', [text('a\\b', { quoted: true })]],
    ['e-mail', [text('e-mail')]],
    ['-spam', [text('spam', { negated: true })]],
    ['-"big sale"', [text('big sale', { negated: true, quoted: true })]],
    ['"re: hello"', [text('re: hello', { quoted: true })]],
    ['from:alice', [field('from', 'alice')]],
    ['FROM:Alice', [field('from', 'Alice')]],
    ['to:bob@tern.test', [field('to', 'bob@tern.test')]],
    ['subject:"Weekly sync"', [field('subject', 'Weekly sync', { quoted: true })]],
    ['body:wire', [field('body', 'wire')]],
    ['-from:noreply', [field('from', 'noreply', { negated: true })]],
    ['subject:a:b', [field('subject', 'a:b')]],
    ['has:attachment', [{ kind: 'has', what: 'attachment', negated: false }]],
    ['has:Attachment', [{ kind: 'has', what: 'attachment', negated: false }]],
    ['-has:attachment', [{ kind: 'has', what: 'attachment', negated: true }]],
    ['is:unread', [{ kind: 'is', state: 'unread', negated: false }]],
    ['is:read', [{ kind: 'is', state: 'read', negated: false }]],
    ['is:FLAGGED', [{ kind: 'is', state: 'flagged', negated: false }]],
    ['is:Starred', [{ kind: 'is', state: 'flagged', negated: false }]],
    ['-is:answered', [{ kind: 'is', state: 'answered', negated: true }]],
    [
      'before:2024-03-31',
      [{ kind: 'date', op: 'before', date: '2024-03-31', typed: '2024-03-31', negated: false }],
    ],
    [
      'after:2024-02-29',
      [{ kind: 'date', op: 'after', date: '2024-02-29', typed: '2024-02-29', negated: false }],
    ],
    ['after:7d', [{ kind: 'date', op: 'after', date: '2026-11-15', typed: '7d', negated: false }]],
    ['after:2w', [{ kind: 'date', op: 'after', date: '2026-11-08', typed: '2w', negated: false }]],
    [
      'before:6m',
      [{ kind: 'date', op: 'before', date: '2026-05-22', typed: '6m', negated: false }],
    ],
    [
      'before:1Y',
      [{ kind: 'date', op: 'before', date: '2025-11-22', typed: '1Y', negated: false }],
    ],
    ['after:0d', [{ kind: 'date', op: 'after', date: '2026-11-22', typed: '0d', negated: false }]],
    ['larger:10k', [{ kind: 'size', op: 'larger', bytes: 10240, typed: '10k', negated: false }]],
    ['smaller:2M', [{ kind: 'size', op: 'smaller', bytes: 2097152, typed: '2M', negated: false }]],
    ['larger:500', [{ kind: 'size', op: 'larger', bytes: 500, typed: '500', negated: false }]],
    ['larger:1.5kb', [{ kind: 'size', op: 'larger', bytes: 1536, typed: '1.5kb', negated: false }]],
    ['larger:1G', [{ kind: 'size', op: 'larger', bytes: 1073741824, typed: '1G', negated: false }]],
    // Non-ASCII, in free text, phrases and operator values.
    ['Привет', [text('Привет')]],
    [
      'from:Дмитрий "счёт за март"',
      [field('from', 'Дмитрий'), text('счёт за март', { quoted: true })],
    ],
    ['会議 subject:議事録', [text('会議'), field('subject', '議事録')]],
    ['"東京　大阪"', [text('東京　大阪', { quoted: true })]],
    ['東京　大阪', [text('東京'), text('大阪')]],
    [
      'café Zoë subject:"crème brûlée"',
      [text('café'), text('Zoë'), field('subject', 'crème brûlée', { quoted: true })],
    ],
    ['👍 -😀', [text('👍'), text('😀', { negated: true })]],
    [
      'from:alice subject:"Q3 plan" has:attachment is:unread after:2024-01-01 larger:1M report',
      [
        field('from', 'alice'),
        field('subject', 'Q3 plan', { quoted: true }),
        { kind: 'has', what: 'attachment', negated: false },
        { kind: 'is', state: 'unread', negated: false },
        { kind: 'date', op: 'after', date: '2024-01-01', typed: '2024-01-01', negated: false },
        { kind: 'size', op: 'larger', bytes: 1048576, typed: '1M', negated: false },
        text('report'),
      ],
    ],
    ['from:a from:b', [field('from', 'a'), field('from', 'b')]],
    ['a\nb\r\nc', [text('a'), text('b'), text('c')]],
    ['"pasted\r\nline"', [text('pasted  line', { quoted: true })]],
    ['subject:"tab\there"', [field('subject', 'tab here', { quoted: true })]],
    ['"a""b"', [text('a', { quoted: true }), text('b', { quoted: true })]],
  ])('%j', (input, terms) => {
    expect(parsed(input)).toEqual({ terms, scope: current });
  });
});

describe('parseQuery: scope', () => {
  it.each<[string, SearchQuery['scope']]>([
    ['in:all', { kind: 'all' }],
    ['in:ALL', { kind: 'all' }],
    ['in:"all"', { kind: 'folder', path: 'all' }],
    ['in:Archive', { kind: 'folder', path: 'Archive' }],
    ['in:"Old Projects/2024"', { kind: 'folder', path: 'Old Projects/2024' }],
    ['in:Входящие', { kind: 'folder', path: 'Входящие' }],
    ['in:"受信 トレイ"', { kind: 'folder', path: '受信 トレイ' }],
    ['report in:Sent', { kind: 'folder', path: 'Sent' }],
  ])('%s', (input, scope) => {
    expect(parsed(input).scope).toEqual(scope);
  });

  it('keeps the terms around the scope', () => {
    expect(parsed('a in:Sent b').terms).toEqual([text('a'), text('b')]);
  });
});

describe('parseQuery: errors', () => {
  it.each<[string, number, RegExp]>([
    ['foo:bar', 0, /no search operator "foo:"/],
    ['invoice re:hello', 8, /no search operator "re:"/],
    ['http://tern.test', 0, /put text with a colon in quotes/],
    ['from:', 0, /Give "from:" a value/],
    ['from: alice', 0, /Give "from:" a value/],
    ['a subject:', 2, /Give "subject:" a value/],
    ['from:""', 5, /nothing between these quotes/],
    ['""', 0, /nothing between these quotes/],
    ['"  "', 0, /nothing between these quotes/],
    ['"open', 0, /never closed/],
    ['subject:"open ended', 8, /never closed/],
    ['-', 0, /minus sign/],
    ['a - b', 2, /minus sign/],
    ['has:pdf', 4, /has: takes only "attachment"/],
    ['is:pinned', 3, /is: takes unread, read, flagged, answered \(or starred\)/],
    ['before:yesterday', 7, /YYYY-MM-DD/],
    ['before:2024-1-5', 7, /YYYY-MM-DD/],
    ['after:2024-02-30', 6, /no date 2024-02-30/],
    ['after:2023-02-29', 6, /no date/],
    ['after:2024-13-01', 6, /no date/],
    ['after:1969-12-31', 6, /no date/],
    ['after:7x', 6, /YYYY-MM-DD/],
    ['larger:big', 7, /10k or 2M/],
    ['larger:10T', 7, /10k or 2M/],
    ['smaller:0', 8, /more than 0/],
    ['larger:5G', 7, /at most 4G/],
    ['Привет foo:x', 7, /no search operator/],
    ['in:Sent in:all', 8, /one folder/],
    ['-in:Sent', 0, /cannot be negated/],
    ['ab\u0000c', 2, /control character/],
    ['"x\u001by"', 2, /control character/],
    ['a \u007f', 2, /control character/],
  ])('%j → position %i', (input, position, message) => {
    const result = parseQuery(input, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.position).toBe(position);
    expect(result.error.message).toMatch(message);
  });

  it('describes the error with a 1-based character', () => {
    expect(describeError({ position: 4, message: 'Bad' })).toBe('Bad (at character 5)');
  });
});

describe('serializeQuery', () => {
  it.each([
    'invoice march',
    '"quarterly report"',
    '-spam -"big sale"',
    'from:alice to:bob@tern.test subject:"Weekly sync" body:wire',
    'has:attachment -is:read is:flagged',
    'before:2024-03-31 after:7d larger:10k smaller:2M',
    'from:Дмитрий "счёт за март" 会議 café',
    '"say \\"hi\\"" "back\\\\slash"',
    'report in:all',
    'in:"Old Projects/2024"',
    'in:"all"',
    'in:Sent',
  ])('%s round-trips as typed', (input) => {
    expect(serializeQuery(parsed(input))).toBe(input);
  });

  it('normalizes spacing and operator case', () => {
    expect(serializeQuery(parsed('  FROM:alice   IS:Unread  '))).toBe('from:alice is:unread');
  });

  it.each<SearchTerm[]>([
    [text('re: hello')],
    [text('re:hello')],
    [text('-dash')],
    [text('two words')],
    [text('quote"inside')],
    [field('from', 'a b')],
    [text('tab here')],
  ])('quotes text that would otherwise change meaning: %j', (term) => {
    const query: SearchQuery = { terms: [term], scope: current };
    const back = parsed(serializeQuery(query));
    expect(back.terms.map((t) => ({ ...t, quoted: undefined }))).toEqual([
      { ...term, quoted: undefined },
    ]);
  });

  it('writes nothing for an empty query', () => {
    expect(serializeQuery({ terms: [], scope: current })).toBe('');
  });
});
