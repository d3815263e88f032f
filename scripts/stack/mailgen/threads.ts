/** Reply chains: continuing open conversations and opening new ones. */
import type { Category } from './categories.ts';
import { CATEGORIES } from './categories.ts';
import { LANG_PACKS } from './languages.ts';
import type { Parties } from './parties.ts';
import type { Person } from './people.ts';
import { between, chance } from './random.ts';
import type { Run } from './run.ts';
import type { Voice } from './voice.ts';

const MAX_OPEN_THREADS = 24;
/** Chance that a message continues an open thread (a bit over 1/3, as the pool is sometimes empty). */
const REPLY_PROBABILITY = 0.34;

export interface Thread {
  readonly subject: string;
  readonly category: Category;
  readonly voice: Voice;
  readonly ids: string[];
  /** People other than the owner taking part. */
  readonly participants: readonly Person[];
  lastAuthor: Person;
  lastDate: string;
  lastLines: readonly string[];
  lastTime: number;
  remaining: number;
}

/** Continues an open conversation about a third of the time. */
export function takeThread(run: Run, time: number): Thread | null {
  const { rng, threads } = run;
  if (threads.length === 0 || !chance(rng, REPLY_PROBABILITY)) return null;
  while (threads.length > 0) {
    // Favor the most recently active conversations.
    const index = threads.length - 1 - Math.floor(rng() * Math.min(6, threads.length));
    const thread = threads[index];
    if (thread === undefined) return null;
    if (time - thread.lastTime <= run.threadIdleMs) return thread;
    threads.splice(index, 1);
  }
  return null;
}

export function attribution(voice: Voice, date: string, author: Person): string {
  if (voice.lang === 'en') return `On ${date}, ${author.name} <${author.address}> wrote:`;
  return LANG_PACKS[voice.lang].wrote.replace('{date}', date).replace('{who}', author.name);
}

interface Outcome {
  readonly thread: Thread | null;
  readonly id: string;
  readonly subject: string;
  readonly category: Category;
  readonly voice: Voice;
  readonly parties: Parties;
  readonly dateHeader: string;
  readonly time: number;
  readonly ownLines: readonly string[];
}

/** Advances the thread replied to, or opens a new one that later messages can answer. */
export function recordConversation(run: Run, outcome: Outcome): void {
  const { rng, threads } = run;
  const quoteLines = outcome.ownLines.slice(0, 8);
  const { thread } = outcome;
  if (thread !== null) {
    thread.ids.push(outcome.id);
    thread.lastAuthor = outcome.parties.from;
    thread.lastDate = outcome.dateHeader;
    thread.lastLines = quoteLines;
    thread.lastTime = outcome.time;
    thread.remaining--;
    if (thread.remaining <= 0) threads.splice(threads.indexOf(thread), 1);
    return;
  }
  const start = outcome.voice.lang === 'en' ? CATEGORIES[outcome.category].threadStart : 0.3;
  if (outcome.parties.participants.length === 0 || !chance(rng, start)) return;
  threads.push({
    subject: outcome.subject,
    category: outcome.category,
    voice: outcome.voice,
    ids: [outcome.id],
    participants: outcome.parties.participants,
    lastAuthor: outcome.parties.from,
    lastDate: outcome.dateHeader,
    lastLines: quoteLines,
    lastTime: outcome.time,
    remaining: between(rng, 1, 7), // chains of 2-8 messages
  });
  if (threads.length > MAX_OPEN_THREADS) threads.shift();
}
