/**
 * The search box's language: free text and quoted phrases (From, To/Cc, Subject and body),
 * `field:value` operators, `-` to negate a term, everything combined with AND. Parsed into a
 * typed query, and written back to text for chips and the URL. Pure: no Node, no IMAP, so the
 * browser can use it too.
 */

export const textFields = ['from', 'to', 'subject', 'body'] as const;
export type TextField = (typeof textFields)[number];

export const messageStates = ['unread', 'read', 'flagged', 'answered'] as const;
export type MessageState = (typeof messageStates)[number];

/** What a term matches, without its sign. */
export type TermMatch =
  | { kind: 'text'; value: string }
  | { kind: 'field'; field: TextField; value: string }
  | { kind: 'has'; what: 'attachment' }
  | { kind: 'is'; state: MessageState }
  /** `date` is YYYY-MM-DD (UTC); `typed` is what the user wrote (`7d` stays `7d` in the URL). */
  | { kind: 'date'; op: 'before' | 'after'; date: string; typed: string }
  | { kind: 'size'; op: 'larger' | 'smaller'; bytes: number; typed: string };

export type SearchTerm = TermMatch & {
  negated: boolean;
  /** Written in quotes; kept so the text round-trips as the user wrote it. */
  quoted?: boolean;
};

/** Where to search: the folder in the request, a named folder, or every folder. */
export type SearchScope = { kind: 'current' } | { kind: 'folder'; path: string } | { kind: 'all' };

export interface SearchQuery {
  terms: SearchTerm[];
  scope: SearchScope;
}

export interface QueryError {
  /** Index (UTF-16 code units, as JavaScript counts) in the text where the problem starts. */
  position: number;
  message: string;
}

export type ParseResult = { ok: true; query: SearchQuery } | { ok: false; error: QueryError };

export const operators = [
  ...textFields,
  'has',
  'is',
  'before',
  'after',
  'larger',
  'smaller',
  'in',
] as const;
type Operator = (typeof operators)[number];

/** IMAP sizes are 32-bit numbers. */
const maxSize = 0xffff_ffff;
const sizeUnits: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const dayMs = 24 * 3600 * 1000;

class Failure extends Error {
  readonly position: number;

  constructor(position: number, message: string) {
    super(message);
    this.position = position;
  }
}

/** Parses the search box's text; `now` anchors relative dates such as `7d`. */
export function parseQuery(text: string, now: Date = new Date()): ParseResult {
  try {
    return { ok: true, query: new Parser(text, now).parse() };
  } catch (error) {
    if (error instanceof Failure) {
      return { ok: false, error: { position: error.position, message: error.message } };
    }
    throw error;
  }
}

/** The error as one sentence for the user, with the (1-based) character it is at. */
export function describeError(error: QueryError): string {
  return `${error.message} (at character ${error.position + 1})`;
}

class Parser {
  private at = 0;
  private readonly terms: SearchTerm[] = [];
  private scope: SearchScope = { kind: 'current' };
  private scopeAt = -1;
  private readonly text: string;
  private readonly now: Date;

  constructor(text: string, now: Date) {
    this.text = text;
    this.now = now;
  }

  parse(): SearchQuery {
    // IMAP strings cannot carry them; a pasted tab or line break is a space (below).
    const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(this.text);
    if (control) throw new Failure(control.index, 'Remove the invisible control character here');
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) return { terms: this.terms, scope: this.scope };
      this.term();
    }
  }

  private term(): void {
    const start = this.at;
    const negated = this.text[this.at] === '-';
    if (negated) {
      this.at++;
      if (this.at >= this.text.length || isSpace(this.text[this.at]!))
        throw new Failure(start, 'Put what to leave out right after the minus sign, like -word');
    }
    const operator = /^([A-Za-z]+):/.exec(this.text.slice(this.at));
    if (!operator) {
      const { value, quoted } = this.value(start);
      this.terms.push({ kind: 'text', value, negated, ...(quoted ? { quoted } : {}) });
      return;
    }
    const name = operator[1]!.toLowerCase();
    const nameAt = this.at;
    if (!(operators as readonly string[]).includes(name))
      throw new Failure(
        nameAt,
        `There is no search operator "${operator[1]}:"; put text with a colon in quotes to search for it`,
      );
    this.at += operator[0].length;
    const valueAt = this.at;
    if (this.at >= this.text.length || isSpace(this.text[this.at]!))
      throw new Failure(nameAt, `Give "${name}:" a value, with no space after the colon`);
    const { value, quoted } = this.value(valueAt);
    const term = this.operatorTerm(name as Operator, value, quoted, valueAt, nameAt, negated);
    if (term) this.terms.push({ ...term, negated, ...(quoted ? { quoted } : {}) });
  }

  /** One value: up to the next space, or a quoted string with \" and \\ escapes. */
  private value(start: number): { value: string; quoted: boolean } {
    if (this.text[this.at] !== '"') {
      const from = this.at;
      while (this.at < this.text.length && !isSpace(this.text[this.at]!)) this.at++;
      return { value: this.text.slice(from, this.at), quoted: false };
    }
    const quoteAt = this.at++;
    let value = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at++]!;
      if (char === '"') {
        if (value.trim() === '') throw new Failure(start, 'There is nothing between these quotes');
        return { value, quoted: true };
      }
      if (char === '\\' && (this.text[this.at] === '"' || this.text[this.at] === '\\'))
        value += this.text[this.at++];
      else value += /[\t\n\r]/.test(char) ? ' ' : char;
    }
    throw new Failure(quoteAt, 'This quote is never closed; add the closing "');
  }

  private operatorTerm(
    name: Operator,
    value: string,
    quoted: boolean,
    valueAt: number,
    nameAt: number,
    negated: boolean,
  ): TermMatch | undefined {
    switch (name) {
      case 'from':
      case 'to':
      case 'subject':
      case 'body':
        return { kind: 'field', field: name, value };
      case 'has':
        if (value.toLowerCase() !== 'attachment')
          throw new Failure(valueAt, 'has: takes only "attachment"');
        return { kind: 'has', what: 'attachment' };
      case 'is': {
        // Tern's buttons say "Starred"; IMAP and mail clients say flagged.
        const state = value.toLowerCase() === 'starred' ? 'flagged' : value.toLowerCase();
        if (!(messageStates as readonly string[]).includes(state))
          throw new Failure(valueAt, `is: takes ${messageStates.join(', ')} (or starred)`);
        return { kind: 'is', state: state as MessageState };
      }
      case 'before':
      case 'after':
        return { kind: 'date', op: name, date: this.date(value, valueAt), typed: value };
      case 'larger':
      case 'smaller':
        return { kind: 'size', op: name, bytes: size(value, valueAt), typed: value };
      case 'in':
        if (negated)
          throw new Failure(nameAt - 1, 'in: cannot be negated; name the folder to search');
        if (this.scopeAt >= 0)
          throw new Failure(nameAt, 'Search one folder (in:) at a time, or in:all');
        this.scopeAt = nameAt;
        this.scope =
          !quoted && value.toLowerCase() === 'all'
            ? { kind: 'all' }
            : { kind: 'folder', path: value };
        return undefined;
    }
  }

  /** YYYY-MM-DD, or a time ago: 3d, 2w, 6m, 1y. */
  private date(value: string, at: number): string {
    const relative = /^(\d{1,4})([dwmy])$/i.exec(value);
    if (relative) {
      const count = Number(relative[1]);
      const unit = relative[2]!.toLowerCase();
      const date = new Date(
        Date.UTC(this.now.getUTCFullYear(), this.now.getUTCMonth(), this.now.getUTCDate()),
      );
      if (unit === 'd' || unit === 'w')
        date.setTime(date.getTime() - count * (unit === 'w' ? 7 : 1) * dayMs);
      else if (unit === 'm') date.setUTCMonth(date.getUTCMonth() - count);
      else date.setUTCFullYear(date.getUTCFullYear() - count);
      return date.toISOString().slice(0, 10);
    }
    const exact = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (exact) {
      const [year, month, day] = [Number(exact[1]), Number(exact[2]), Number(exact[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (year >= 1970 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day)
        return value;
      throw new Failure(at, `There is no date ${value}`);
    }
    throw new Failure(
      at,
      'Write dates as YYYY-MM-DD (2024-03-31), or a time ago like 7d, 2w, 6m, 1y',
    );
  }

  private skipSpace(): void {
    while (this.at < this.text.length && isSpace(this.text[this.at]!)) this.at++;
  }
}

/** 500, 10k, 2M, 1.5G (binary units, an optional B). */
function size(value: string, at: number): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i.exec(value);
  if (!match) throw new Failure(at, 'Write sizes as a number with k, M or G, like 10k or 2M');
  const bytes = Math.round(Number(match[1]) * sizeUnits[match[2]!.toLowerCase()]!);
  if (bytes < 1) throw new Failure(at, 'The size must be more than 0');
  if (bytes > maxSize) throw new Failure(at, 'The size must be at most 4G');
  return bytes;
}

function isSpace(char: string): boolean {
  return /\s/u.test(char);
}

/** The query as search box text, which parses back to the same query. */
export function serializeQuery(query: SearchQuery): string {
  const parts = query.terms.map(serializeTerm);
  if (query.scope.kind === 'all') parts.push('in:all');
  else if (query.scope.kind === 'folder') {
    const path = query.scope.path;
    parts.push(`in:${path.toLowerCase() === 'all' ? quote(path) : valueText(path, false)}`);
  }
  return parts.join(' ');
}

/** One term as text, as its chip shows it. */
export function serializeTerm(term: SearchTerm): string {
  const sign = term.negated ? '-' : '';
  const quoted = term.quoted ?? false;
  switch (term.kind) {
    case 'text': {
      // Bare text that looks like an operator or a negation has to be quoted to stay text.
      const needsQuotes = /^[A-Za-z]+:/.test(term.value) || term.value.startsWith('-');
      return sign + valueText(term.value, quoted || needsQuotes);
    }
    case 'field':
      return `${sign}${term.field}:${valueText(term.value, quoted)}`;
    case 'has':
      return `${sign}has:attachment`;
    case 'is':
      return `${sign}is:${term.state}`;
    case 'date':
    case 'size':
      return `${sign}${term.op}:${term.typed}`;
  }
}

function valueText(value: string, quoted: boolean): string {
  return quoted || value === '' || /[\s"]/u.test(value) ? quote(value) : value;
}

function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
