/**
 * What the search box offers for the word being typed: operators by their first letters, then
 * the values each operator takes (states, folders, contacts, dates, sizes). Pure.
 */
export interface Suggestion {
  /** Replaces the word being typed; ends in `:` when a value is still to come. */
  insert: string;
  label: string;
  hint?: string;
}

export interface SuggestionSources {
  folders: readonly string[];
  /** Contacts as [name, address]. */
  contacts: ReadonlyArray<{ name: string; address: string }>;
}

/** Every operator with what it searches, in the order a user reaches for them. */
export const operatorHelp: ReadonlyArray<[string, string]> = [
  ['from:', 'Sender'],
  ['to:', 'To or Cc'],
  ['subject:', 'Subject'],
  ['body:', 'Message text'],
  ['has:attachment', 'Has an attachment'],
  ['is:', 'unread, read, flagged, answered'],
  ['after:', 'Date: 2024-03-31, or 7d, 2w, 6m, 1y ago'],
  ['before:', 'Date: 2024-03-31, or 7d, 2w, 6m, 1y ago'],
  ['larger:', 'Size: 100k, 2M'],
  ['smaller:', 'Size: 100k, 2M'],
  ['in:', 'A folder, or in:all for every folder'],
];

const states: ReadonlyArray<[string, string]> = [
  ['unread', 'Not read yet'],
  ['read', 'Already read'],
  ['flagged', 'Starred'],
  ['answered', 'Replied to'],
];
const ages: ReadonlyArray<[string, string]> = [
  ['7d', 'a week ago'],
  ['1m', 'a month ago'],
  ['6m', 'six months ago'],
  ['1y', 'a year ago'],
];
const sizes = ['100k', '1M', '5M', '10M'];
const limit = 8;

/** The word at the end of the text, where typing happens (a quoted value counts as one word). */
export function currentWord(text: string): string {
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\\' && inQuotes) i++;
    else if (char === '"') inQuotes = !inQuotes;
    else if (!inQuotes && /\s/u.test(char)) start = i + 1;
  }
  return text.slice(start);
}

function quoteIfNeeded(value: string): string {
  return /[\s"]/u.test(value) || value.toLowerCase() === 'all'
    ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`
    : value;
}

/** Suggestions for the word being typed; none for plain words that match no operator. */
export function suggestionsFor(word: string, sources: SuggestionSources): Suggestion[] {
  const sign = word.startsWith('-') ? '-' : '';
  const bare = word.slice(sign.length);
  const colon = bare.indexOf(':');
  if (colon < 0) {
    const typed = bare.toLowerCase();
    if (!/^[a-z]*$/.test(typed)) return [];
    return operatorHelp
      .filter(([name]) => name.startsWith(typed) && name !== typed)
      .filter(([name]) => !(sign && name === 'in:'))
      .map(([name, hint]) => ({ insert: sign + name, label: sign + name, hint }));
  }
  const operator = bare.slice(0, colon).toLowerCase();
  const value = bare
    .slice(colon + 1)
    .replace(/^"/, '')
    .toLowerCase();
  const term = (text: string, hint?: string): Suggestion => ({
    insert: `${sign}${operator}:${text}`,
    label: `${sign}${operator}:${text}`,
    hint,
  });
  const starting = (options: ReadonlyArray<[string, string]>) =>
    options.filter(([name]) => name.startsWith(value)).map(([name, hint]) => term(name, hint));
  switch (operator) {
    case 'is':
      return starting(states);
    case 'has':
      return starting([['attachment', 'Has an attachment']]);
    case 'before':
    case 'after':
      return starting(ages);
    case 'larger':
    case 'smaller':
      return sizes.filter((s) => s.toLowerCase().startsWith(value)).map((s) => term(s));
    case 'in': {
      if (sign) return [];
      const folders = sources.folders
        .filter((path) => path.toLowerCase().includes(value))
        .map((path) => term(quoteIfNeeded(path), path === 'INBOX' ? 'Inbox' : undefined));
      const all = 'all'.startsWith(value) ? [term('all', 'Every folder')] : [];
      return [...all, ...folders].slice(0, limit);
    }
    case 'from':
    case 'to': {
      if (!value) return [];
      return sources.contacts
        .filter(
          ({ name, address }) =>
            address.toLowerCase().startsWith(value) ||
            name
              .toLowerCase()
              .split(/\s+/)
              .some((part) => part.startsWith(value)),
        )
        .slice(0, limit)
        .map(({ name, address }) => term(address, name || undefined));
    }
    default:
      return [];
  }
}
