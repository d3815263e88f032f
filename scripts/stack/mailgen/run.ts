/** The state of one generator run: options, random streams, people, schedule and open threads. */
import type { GenerateOptions } from './api.ts';
import type { ServiceCategory } from './categories.ts';
import { DAY_MS, DEFAULT_END_MS, SPAN_MS, TIME_ZONES, buildSchedule } from './dates.ts';
import type { ForeignLang } from './languages.ts';
import type { Person } from './people.ts';
import { buildForeignPeople, buildPeople, buildServices, ownerPerson } from './people.ts';
import type { Rng } from './random.ts';
import { hashString, mulberry32, pickWeighted } from './random.ts';
import type { Thread } from './threads.ts';

const DEFAULT_SEED = 1;

/** Threads idle longer than this are finished (stretched for sparse mailboxes, see createRun). */
const THREAD_IDLE_MS = 21 * DAY_MS;
/** ...but a thread always survives this many average gaps between messages. */
const THREAD_IDLE_GAPS = 30;

type Mode = 'inbox' | 'sent' | 'drafts';

export interface Run {
  readonly count: number;
  readonly rng: Rng;
  readonly times: Float64Array;
  readonly endMs: number;
  readonly mode: Mode;
  readonly owner: Person;
  readonly tag: string;
  readonly people: readonly Person[];
  readonly foreignPeople: Readonly<Record<ForeignLang, readonly Person[]>>;
  readonly services: Readonly<Record<ServiceCategory, readonly Person[]>>;
  readonly threads: Thread[];
  readonly threadIdleMs: number;
  /** Encoded-word forms of the finite set of foreign subjects. */
  readonly subjectCache: Map<string, string>;
}

function folderMode(folder: string | undefined): Mode {
  const name = (folder ?? 'INBOX').toLowerCase();
  if (name === 'sent' || name.startsWith('sent ')) return 'sent';
  if (name === 'drafts' || name === 'draft') return 'drafts';
  return 'inbox';
}

export function createRun(options: GenerateOptions): Run {
  const { count, recipient } = options;
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError('count must be a non-negative integer');
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(recipient))
    throw new TypeError(`recipient must be a bare address: ${recipient}`);
  const endMs = options.end === undefined ? DEFAULT_END_MS : options.end.getTime();
  if (!Number.isFinite(endMs)) throw new RangeError('end must be a valid date');
  const seed = options.seed ?? DEFAULT_SEED;
  const mode = folderMode(options.folder);
  // Separate streams, so the schedule does not shift when content logic changes.
  const setupRng = mulberry32(seed ^ 0x5eed1234);
  const ownerZone = pickWeighted(setupRng, TIME_ZONES);
  const foreignPeople = {
    fr: buildForeignPeople(setupRng, 'fr'),
    de: buildForeignPeople(setupRng, 'de'),
    ja: buildForeignPeople(setupRng, 'ja'),
    ru: buildForeignPeople(setupRng, 'ru'),
    zh: buildForeignPeople(setupRng, 'zh'),
  };
  return {
    count,
    rng: mulberry32(seed),
    times: buildSchedule(count, endMs, ownerZone, mulberry32(seed ^ 0x0da7e5)),
    endMs,
    mode,
    owner: ownerPerson(recipient, ownerZone),
    tag: hashString(`${mode}:${options.folder ?? 'INBOX'}`, seed).toString(36),
    people: buildPeople(setupRng, 600),
    foreignPeople,
    services: buildServices(setupRng),
    threads: [],
    threadIdleMs: Math.max(THREAD_IDLE_MS, (THREAD_IDLE_GAPS * SPAN_MS) / Math.max(count, 1)),
    subjectCache: new Map(),
  };
}
