/** Correspondents: building them once per run and writing them as RFC 5322 mailboxes. */
import type { ServiceCategory } from './categories.ts';
import { TIME_ZONES } from './dates.ts';
import type { Charset, LegacyCharset } from './encoding.ts';
import { encodeWords, fold, isAscii } from './encoding.ts';
import type { ForeignLang } from './languages.ts';
import { LANG_PACKS } from './languages.ts';
import { FIRST_NAMES, LAST_NAMES, PEOPLE_DOMAINS, SERVICE_SENDERS } from './names.ts';
import type { Rng } from './random.ts';
import { chance, pick, pickWeighted } from './random.ts';

type NameStyle = 'plain' | 'quoted' | 'bare';

export interface Person {
  /** Display name as written in headers (may already be "Last, First"). */
  readonly name: string;
  /** What correspondents call them in greetings and sign-offs. */
  readonly call: string;
  readonly address: string;
  readonly domain: string;
  /** Minutes east of UTC used in their Date headers. */
  readonly timeZone: number;
  readonly style: NameStyle;
  /** A legacy charset their name can be written in, when mail in that charset carries it. */
  readonly home: LegacyCharset | null;
  /** Organisation an automated sender writes as ('' for people). */
  readonly org: string;
  /** Formatted mailbox per header charset, so names are encoded once. */
  readonly mailboxes: Map<Charset, string>;
}

const ASCII_FOLD: Readonly<Record<string, string>> = {
  ø: 'o',
  ł: 'l',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  å: 'a',
};

/** Mailbox local parts are ASCII, so "Søren Åström" becomes "soren.astrom". */
function toAsciiLower(text: string): string {
  let out = '';
  for (const character of text.toLowerCase().normalize('NFD')) {
    const code = character.charCodeAt(0);
    if (code >= 0x61 && code <= 0x7a) out += character;
    else out += ASCII_FOLD[character] ?? '';
  }
  return out;
}

function fitsLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
}

function createPerson(
  name: string,
  call: string,
  address: string,
  timeZone: number,
  style: NameStyle,
  home: LegacyCharset | null,
  org = '',
): Person {
  const domain = address.slice(address.indexOf('@') + 1);
  return { name, call, address, domain, timeZone, style, home, org, mailboxes: new Map() };
}

export function buildPeople(rng: Rng, count: number): Person[] {
  const people: Person[] = [];
  const taken = new Set<string>();
  for (let attempts = 0; people.length < count && attempts < count * 20; attempts++) {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    const f = toAsciiLower(first);
    const l = toAsciiLower(last);
    const local = pick(rng, [
      `${f}.${l}`,
      `${f.charAt(0)}${l}`,
      f,
      `${f}_${l}`,
      `${f}${l.charAt(0)}`,
      `${l}.${f}`,
    ]);
    const address = `${local}@${pickWeighted(rng, PEOPLE_DOMAINS)}`;
    if (taken.has(address)) continue;
    taken.add(address);
    const r = rng();
    // Some clients write "Last, First", which needs quoting; others send a bare address.
    const reversed = r >= 0.55 && r < 0.65;
    const style: NameStyle = r < 0.55 ? 'plain' : r < 0.85 ? 'quoted' : 'bare';
    const name = reversed ? `${last}, ${first}` : `${first} ${last}`;
    const home = !isAscii(name) && fitsLatin1(name) ? 'ISO-8859-1' : null;
    people.push(createPerson(name, first, address, pickWeighted(rng, TIME_ZONES), style, home));
  }
  return people;
}

export function buildForeignPeople(rng: Rng, lang: ForeignLang): Person[] {
  const pack = LANG_PACKS[lang];
  return pack.people.map(([name, local, call]) =>
    createPerson(
      name,
      call,
      `${local}@${pickWeighted(rng, PEOPLE_DOMAINS)}`,
      pack.timeZone,
      chance(rng, 0.3) ? 'quoted' : 'plain',
      pack.charset,
    ),
  );
}

export function buildServices(rng: Rng): Record<ServiceCategory, Person[]> {
  const build = (category: ServiceCategory): Person[] =>
    SERVICE_SENDERS[category].map(([name, address, org]) =>
      createPerson(name, name, address, pickWeighted(rng, TIME_ZONES), 'plain', null, org),
    );
  return {
    newsletter: build('newsletter'),
    invoice: build('invoice'),
    notification: build('notification'),
    travel: build('travel'),
  };
}

export function ownerPerson(recipient: string, timeZone: number): Person {
  const local = recipient.slice(0, recipient.indexOf('@'));
  const words = local.split(/[._-]+/).filter((word) => word.length > 0);
  const capitalized = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const name = capitalized.join(' ') || local;
  return createPerson(name, capitalized[0] ?? name, recipient, timeZone, 'plain', null);
}

const PHRASE_SPECIALS = /[()<>[\]:;@\\,."]/;

function formatMailbox(person: Person, charset: Charset): string {
  const key: Charset = person.home !== null && person.home === charset ? charset : 'UTF-8';
  const cached = person.mailboxes.get(key);
  if (cached !== undefined) return cached;
  let formatted: string;
  if (person.style === 'bare' || person.name === '') {
    formatted = person.address;
  } else if (isAscii(person.name)) {
    const quote = person.style === 'quoted' || PHRASE_SPECIALS.test(person.name);
    formatted = quote
      ? `"${person.name}" <${person.address}>`
      : `${person.name} <${person.address}>`;
  } else {
    formatted = `${encodeWords(person.name, key).join(' ')} <${person.address}>`;
  }
  person.mailboxes.set(key, formatted);
  return formatted;
}

export function addressHeader(name: string, people: readonly Person[], charset: Charset): string {
  return fold(`${name}: ${people.map((person) => formatMailbox(person, charset)).join(', ')}`);
}
