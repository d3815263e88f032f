/** Who sends a message and who receives it. */
import type { Category } from './categories.ts';
import { isService } from './categories.ts';
import type { LangCode } from './languages.ts';
import type { Person } from './people.ts';
import type { Rng } from './random.ts';
import { between, chance, pick, pickFrequent } from './random.ts';
import type { Run } from './run.ts';
import type { Thread } from './threads.ts';
import type { Voice } from './voice.ts';

function peopleFor(run: Run, lang: LangCode): readonly Person[] {
  return lang === 'en' ? run.people : run.foreignPeople[lang];
}

/** A few distinct people other than those in `exclude`. */
function pickPeople(
  rng: Rng,
  pool: readonly Person[],
  count: number,
  exclude: readonly Person[],
): Person[] {
  const chosen: Person[] = [];
  for (let attempts = 0; chosen.length < count && attempts < count * 4; attempts++) {
    const person = pickFrequent(rng, pool);
    if (!exclude.includes(person) && !chosen.includes(person)) chosen.push(person);
  }
  return chosen;
}

export interface Parties {
  readonly from: Person;
  readonly to: readonly Person[];
  readonly cc: readonly Person[];
  /** Non-owner people who would carry on a conversation. */
  readonly participants: readonly Person[];
}

export function inboxParties(
  run: Run,
  category: Category,
  voice: Voice,
  thread: Thread | null,
): Parties {
  const { rng, owner } = run;
  if (thread !== null) {
    const others = thread.participants.filter((person) => person !== thread.lastAuthor);
    const from =
      others.length > 0 && chance(rng, 0.8)
        ? pick(rng, others)
        : (thread.participants[0] ?? thread.lastAuthor);
    const cc = chance(rng, 0.5) ? thread.participants.filter((person) => person !== from) : [];
    return { from, to: [owner], cc, participants: thread.participants };
  }
  if (isService(category) && voice.lang === 'en') {
    const from = pick(rng, run.services[category]);
    return { from, to: [owner], cc: [], participants: [from] };
  }
  const pool = peopleFor(run, voice.lang);
  const from = pickFrequent(rng, pool);
  const group = category !== 'personal' && chance(rng, 0.2);
  const to = group ? [owner, ...pickPeople(rng, pool, between(rng, 1, 2), [from])] : [owner];
  const cc = chance(rng, 0.12) ? pickPeople(rng, pool, between(rng, 1, 2), [from, ...to]) : [];
  return { from, to, cc, participants: [from, ...to.filter((person) => person !== owner), ...cc] };
}

export function ownerParties(run: Run, voice: Voice, thread: Thread | null): Parties {
  const { rng, owner } = run;
  if (thread !== null) {
    const to = thread.lastAuthor === owner ? thread.participants.slice(0, 1) : [thread.lastAuthor];
    const cc = thread.participants.filter((person) => !to.includes(person));
    return { from: owner, to, cc, participants: thread.participants };
  }
  const pool = peopleFor(run, voice.lang);
  const to = pickPeople(rng, pool, between(rng, 1, chance(rng, 0.7) ? 1 : 3), []);
  const cc = chance(rng, 0.15) ? pickPeople(rng, pool, between(rng, 1, 2), to) : [];
  // Drafts are sometimes saved before anyone is addressed.
  const unaddressed = run.mode === 'drafts' && chance(rng, 0.15);
  return {
    from: owner,
    to: unaddressed ? [] : to,
    cc: unaddressed ? [] : cc,
    participants: [...to, ...cc],
  };
}
