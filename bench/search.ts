/**
 * Search in a 100,000-message folder, through Tern's HTTP API (GET /api/search, first page of 50),
 * against raw imapflow on one open connection to the same Dovecot (bench/reference/raw-search.ts:
 * UID SEARCH and the FETCH of the same 50 rows), in one run, on the same mail twice:
 * - without full-text search (Dovecot reads the mail, or its cache for headers);
 * - with Dovecot's full-text search (dovecot-fts-xapian), after indexing the folder, whose time
 *   is reported too.
 * Per kind of search (subject, body, any field: the search box's default), several terms with a
 * realistic number of matches (1,000 to 8,000 of 100,000), each searched once by Tern on a cold
 * cache, then again (Tern answers from its cache of matches and rows), and one rare term. Terms
 * are words the mail generator (scripts/stack/mailgen) uses; each side checks the other's count.
 *
 * Usage: node bench/search.ts [--repeats 3]   (needs a production build and root; takes about
 * 20 minutes, most of it Dovecot indexing the folder)
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { stackPaths, userMaildir, type StackOptions } from '../scripts/stack/options.ts';
import { doveadm, seedDemo } from '../scripts/stack/seed.ts';
import { down, up } from '../scripts/stack/stack.ts';
import { startTern, waitUntilListening } from '../scripts/tern-process.ts';
import {
  benchServerEnv,
  benchStack,
  signIn,
  startBenchStack,
  stopBenchStack,
} from './bench-stack.ts';
import { median, percentile, runReference } from './measure.ts';
import type { Criteria, RawSearch } from './reference/raw-search.ts';
import { anyFieldTerms, bodyTerms, subjectTerms } from './search-terms.ts';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '3' } } });
const repeats = Number(values.repeats);
const limit = 50;
const port = 3305;
const url = `http://127.0.0.1:${port}`;
const folder = 'Big';

interface Kind {
  name: string;
  /** The search box's text for a term, and the criteria Tern sends for it (lib/mail/search/criteria.ts). */
  query: (term: string) => string;
  criteria: (term: string) => Criteria;
  common: string[];
  rare: string;
}

const anyField = (term: string): Criteria => ({
  or: [{ from: term }, { to: term }, { cc: term }, { subject: term }, { body: term }],
});
const kinds: Kind[] = [
  {
    name: 'subject',
    query: (term) => `subject:${term}`,
    criteria: (term) => ({ subject: term }),
    common: subjectTerms,
    rare: '35779',
  },
  {
    name: 'body',
    query: (term) => `body:${term}`,
    criteria: (term) => ({ body: term }),
    common: bodyTerms,
    rare: '35779',
  },
  {
    name: 'any field',
    query: (term) => term,
    criteria: anyField,
    common: anyFieldTerms,
    rare: '87412',
  },
];
/** Searched first by both sides and not measured: Dovecot builds its header cache on the first SEARCH of a field. */
const warmUpTerm = 'zzwarmup';

const stack = benchStack(0);
const demo = stack.users.find((u) => u.email.startsWith('demo@'))!;
console.log(
  `search: first page of ${limit} in a 100,000-message folder, Tern against raw imapflow`,
);

interface Measured {
  kind: string;
  matches: Map<string, number>;
  cold: number[];
  warm: number[];
  rareCold: number;
  rareWarm: number;
  raw: number[];
  rawRare: number;
}

async function measure(options: StackOptions): Promise<Measured[]> {
  // The reference first: it takes minutes without full-text search, longer than an idle HTTP
  // connection to Tern stays open. Both sides search the warm-up terms first.
  const queries = kinds.flatMap((kind) =>
    [...kind.common, kind.rare].map((term) => ({
      label: `${kind.name}:${term}`,
      criteria: kind.criteria(term),
    })),
  );
  const raw = new Map(
    runReference<RawSearch[]>('raw-search', {
      port: options.ports.imap,
      ca: stackPaths(options.dir).certFile,
      user: demo,
      folder,
      queries: [
        ...kinds.map((kind) => ({ label: 'warm-up', criteria: kind.criteria(warmUpTerm) })),
        ...queries,
      ],
      limit,
    }).map((r) => [r.label, r]),
  );

  const tern = startTern(port, benchServerEnv(options, url));
  try {
    await waitUntilListening(tern);
    const cookie = await signIn(url, demo);
    const timed = async (q: string) => {
      const started = performance.now();
      const query = new URLSearchParams({ q, folder, offset: '0', limit: String(limit) });
      const response = await fetch(`${url}/api/search?${query.toString()}`, {
        headers: { cookie },
      });
      const body = (await response.json()) as { total?: number; messages?: unknown[] };
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`search ${q}: ${response.status}`);
      return { ms, total: body.total ?? 0 };
    };
    // Tern's code and its connection, warmed on searches nobody measures.
    await (
      await fetch(`${url}/api/folders/${folder}/messages?limit=${limit}`, { headers: { cookie } })
    ).json();
    for (const kind of kinds) await timed(kind.query(warmUpTerm));

    const results: Measured[] = [];
    for (const kind of kinds) {
      const matches = new Map<string, number>();
      const search = async (term: string) => {
        const first = await timed(kind.query(term));
        const again: number[] = [];
        for (let i = 0; i < repeats; i++) again.push((await timed(kind.query(term))).ms);
        const reference = raw.get(`${kind.name}:${term}`)!;
        if (first.total !== reference.matches)
          throw new Error(
            `${kind.query(term)}: Tern found ${first.total}, raw ${reference.matches}`,
          );
        matches.set(term, first.total);
        return { cold: first.ms, warm: median(again), raw: reference.ms };
      };
      const common = [];
      for (const term of kind.common) common.push(await search(term));
      const rare = await search(kind.rare);
      results.push({
        kind: kind.name,
        matches,
        cold: common.map((c) => c.cold),
        warm: common.map((c) => c.warm),
        rareCold: rare.cold,
        rareWarm: rare.warm,
        raw: common.map((c) => c.raw),
        rawRare: rare.raw,
      });
    }
    return results;
  } catch (error) {
    console.error(`Tern's output:\n${tern.output()}`);
    throw error;
  } finally {
    await tern.stop();
  }
}

function report(title: string, results: Measured[]): void {
  console.log(`  ${title}`);
  const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
  const row = (label: string, tern: number, raw?: number) =>
    console.log(
      `    ${label.padEnd(42)} ${ms(tern)}` +
        (raw === undefined ? '' : `   raw ${ms(raw)}   ratio ${(tern / raw).toFixed(2)}`),
    );
  for (const r of results) {
    const counts = [...r.matches.values()];
    const common = counts.slice(0, -1);
    console.log(
      `    ${r.kind}: ${common.length} terms, ${Math.min(...common)}–${Math.max(...common)} matches; rare term ${counts.at(-1)}`,
    );
    row('  first search, median', median(r.cold), median(r.raw));
    row('  first search, p95', percentile(r.cold, 0.95), percentile(r.raw, 0.95));
    row('  again (cached), median', median(r.warm), median(r.raw));
    row('  again (cached), p95', percentile(r.warm, 0.95), percentile(r.raw, 0.95));
    row('  rare term, first search', r.rareCold, r.rawRare);
    row('  rare term, again', r.rareWarm, r.rawRare);
  }
}

try {
  // Without full-text search: the stack as TERN_STACK_FTS=off runs it.
  const plain = { ...stack, fts: false };
  await startBenchStack(plain);
  seedDemo(plain, demo.email, true, () => {});
  const without = await measure(plain);
  report('without full-text search', without);

  // The same mail with full-text search: Dovecot restarted with the plugin, the folder indexed.
  const fts = { ...stack, fts: true };
  await down(stack.dir, () => {});
  await up(fts, () => {});
  const started = performance.now();
  doveadm(fts, ['index', '-u', demo.email, folder]);
  const seconds = (performance.now() - started) / 1000;
  const indexSize = execFileSync('du', [
    '-sh',
    `${userMaildir(stack.dir, demo.email)}/xapian-indexes`,
  ])
    .toString()
    .split('\t')[0];
  console.log(`  indexing ${folder} (doveadm index): ${seconds.toFixed(0)} s, index ${indexSize}`);
  const withFts = await measure(fts);
  report('with full-text search (dovecot-fts-xapian)', withFts);
} finally {
  await stopBenchStack(stack);
}
