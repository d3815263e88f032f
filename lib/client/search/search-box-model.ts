/**
 * The search box's state: finished operator terms as chips, free text in the input. Pure, so
 * the rules are unit-tested: a term becomes a chip once a space follows it, the whole query is
 * the chips and then the text, and one `in:` at a time.
 */
import {
  parseQuery,
  serializeQuery,
  serializeTerm,
  type SearchQuery,
} from '@/lib/shared/search-query';

export interface BoxState {
  /** Each chip is one term as the query language writes it (`from:ann`, `in:all`). */
  chips: string[];
  text: string;
}

export const emptyBox: BoxState = { chips: [], text: '' };

/** Operator terms as chips, free text and phrases as text. */
function split(query: SearchQuery): BoxState {
  const chips = query.terms.filter((t) => t.kind !== 'text').map(serializeTerm);
  if (query.scope.kind !== 'current') chips.push(serializeQuery({ terms: [], scope: query.scope }));
  const text = query.terms
    .filter((t) => t.kind === 'text')
    .map(serializeTerm)
    .join(' ');
  return { chips, text };
}

/** The box for a query from the address bar; text that does not parse stays as typed. */
export function boxFromQuery(q: string): BoxState {
  const parsed = parseQuery(q);
  return parsed.ok ? split(parsed.query) : { chips: [], text: q };
}

/** The whole query: the chips, then what is typed. */
export function queryText(box: BoxState): string {
  return [...box.chips, box.text.trim()].filter(Boolean).join(' ');
}

export const isScopeChip = (chip: string) => chip.startsWith('in:');

/** Adds chips; a new `in:` replaces the old one, and a chip already there is not repeated. */
export function withChips(chips: string[], added: string[]): string[] {
  const scopeAdded = added.some(isScopeChip);
  const kept = chips.filter((c) => !(scopeAdded && isScopeChip(c)) && !added.includes(c));
  return [...kept, ...added];
}

/**
 * After a keystroke: once the text ends in a space and parses, its operator terms move to the
 * chips and the free text stays. Half-typed text (an open quote, `from:` with no value) stays.
 */
export function afterTyping(box: BoxState, typed: string): BoxState {
  if (!/\s$/u.test(typed)) return { ...box, text: typed };
  const parsed = parseQuery(typed);
  if (!parsed.ok) return { ...box, text: typed };
  const found = split(parsed.query);
  if (found.chips.length === 0) return { ...box, text: typed };
  return { chips: withChips(box.chips, found.chips), text: found.text ? `${found.text} ` : '' };
}

/** Takes a chip back into the input to change it. */
export function editChip(box: BoxState, index: number): BoxState {
  const chip = box.chips[index];
  if (chip === undefined) return box;
  const text = box.text.trim();
  return {
    chips: box.chips.filter((_, i) => i !== index),
    text: text ? `${text} ${chip}` : chip,
  };
}

export function removeChip(box: BoxState, index: number): BoxState {
  return { ...box, chips: box.chips.filter((_, i) => i !== index) };
}

/** A chip's operator and value, for showing them apart (`from:` and `ann`). */
export function chipParts(chip: string): { operator: string; value: string } {
  const match = /^(-?[a-z]+:)(.*)$/i.exec(chip);
  return match ? { operator: match[1]!, value: match[2]! } : { operator: '', value: chip };
}
