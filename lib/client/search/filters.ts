/**
 * The filter panel's fields, to and from the query language, so the panel and the box always
 * say the same search. Terms the panel has no field for are kept as they are (`extra`).
 */
import {
  parseQuery,
  serializeQuery,
  serializeTerm,
  type SearchTerm,
} from '@/lib/shared/search-query';

export interface Filters {
  /** Free text and phrases, as typed. */
  words: string;
  /** Words the results must not have. */
  without: string;
  from: string;
  to: string;
  subject: string;
  body: string;
  /** YYYY-MM-DD, or a time ago as the language writes it (7d). */
  after: string;
  before: string;
  larger: string;
  smaller: string;
  attachment: boolean;
  unread: boolean;
  flagged: boolean;
  answered: boolean;
  /** '' for the current folder, `all`, or a folder's path. */
  scope: string;
  extra: string;
}

export const noFilters: Filters = {
  words: '',
  without: '',
  from: '',
  to: '',
  subject: '',
  body: '',
  after: '',
  before: '',
  larger: '',
  smaller: '',
  attachment: false,
  unread: false,
  flagged: false,
  answered: false,
  scope: '',
  extra: '',
};

type TextKey = 'from' | 'to' | 'subject' | 'body' | 'after' | 'before' | 'larger' | 'smaller';
const states = { unread: 'unread', flagged: 'flagged', answered: 'answered' } as const;

/** The panel's fields for a query; a query that does not parse leaves its text in `words`. */
export function filtersFromQuery(q: string): Filters {
  const parsed = parseQuery(q);
  if (!parsed.ok) return { ...noFilters, words: q };
  const filters: Filters = { ...noFilters };
  const words: string[] = [];
  const without: string[] = [];
  const extra: string[] = [];
  const set = (key: TextKey, value: string, term: SearchTerm) => {
    if (filters[key]) extra.push(serializeTerm(term));
    else filters[key] = value;
  };
  for (const term of parsed.query.terms) {
    if (term.kind === 'text') {
      (term.negated ? without : words).push(serializeTerm({ ...term, negated: false }));
    } else if (term.negated) {
      extra.push(serializeTerm(term));
    } else if (term.kind === 'field') {
      set(term.field, serializeTerm({ ...term, kind: 'text', value: term.value }), term);
    } else if (term.kind === 'date' || term.kind === 'size') {
      set(term.op, term.typed, term);
    } else if (term.kind === 'has') {
      filters.attachment = true;
    } else if (term.state === 'read') {
      extra.push(serializeTerm(term));
    } else {
      filters[states[term.state]] = true;
    }
  }
  const { scope } = parsed.query;
  filters.scope = scope.kind === 'all' ? 'all' : scope.kind === 'folder' ? scope.path : '';
  return { ...filters, words: words.join(' '), without: without.join(' '), extra: extra.join(' ') };
}

/** Field values go in quotes when they hold spaces, unless the user quoted them already. */
function value(text: string): string {
  const trimmed = text.trim();
  if (/^".*"$/u.test(trimmed) || !/[\s"]/u.test(trimmed)) return trimmed;
  return `"${trimmed.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The query text the panel's fields say; the caller parses it to show any mistake. */
export function queryFromFilters(filters: Filters): string {
  const parts: string[] = [filters.words.trim()];
  for (const word of filters.without.trim().split(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/u))
    if (word) parts.push(`-${word}`);
  for (const key of ['from', 'to', 'subject', 'body'] as const)
    if (filters[key].trim()) parts.push(`${key}:${value(filters[key])}`);
  for (const key of ['after', 'before', 'larger', 'smaller'] as const)
    if (filters[key].trim()) parts.push(`${key}:${filters[key].trim()}`);
  if (filters.attachment) parts.push('has:attachment');
  for (const state of ['unread', 'flagged', 'answered'] as const)
    if (filters[state]) parts.push(`is:${state}`);
  parts.push(filters.extra.trim());
  if (filters.scope === 'all') parts.push('in:all');
  else if (filters.scope)
    parts.push(serializeQuery({ terms: [], scope: { kind: 'folder', path: filters.scope } }));
  return parts.filter(Boolean).join(' ');
}
