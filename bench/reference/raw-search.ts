/**
 * The reference for bench/search.ts: raw imapflow on one open connection with the folder
 * selected, doing what Tern does for the first page of a search: UID SEARCH, then a FETCH of the
 * 50 newest matches with the row fields Tern fetches. Each query runs twice; the reference keeps
 * nothing between runs, so both are the whole work. Prints JSON.
 * Usage: node bench/reference/raw-search.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import type { SearchObject } from 'imapflow';
import { median } from '../measure.ts';
import { connectRaw, rowFields } from './connect.ts';

/** imapflow's search object, for bench/search.ts (only the reference may import imapflow). */
export type Criteria = SearchObject;

interface Config {
  port: number;
  ca: string;
  user: { email: string; password: string };
  folder: string;
  queries: Array<{ label: string; criteria: SearchObject }>;
  limit: number;
}

export interface RawSearch {
  label: string;
  matches: number;
  /** Milliseconds of each run: SEARCH plus the FETCH of the first page. */
  runs: number[];
  ms: number;
}

const config = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Config;

const client = await connectRaw(config, config.user);
const lock = await client.getMailboxLock(config.folder);

async function firstPage(criteria: SearchObject): Promise<number> {
  const found = await client.search(criteria, { uid: true });
  if (!found) throw new Error(`SEARCH failed: ${JSON.stringify(criteria)}`);
  const newest = found.sort((a, b) => b - a).slice(0, config.limit);
  if (newest.length > 0) await client.fetchAll(newest.join(','), rowFields, { uid: true });
  return found.length;
}

const results: RawSearch[] = [];
for (const { label, criteria } of config.queries) {
  const runs: number[] = [];
  let matches = 0;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    matches = await firstPage(criteria);
    runs.push(performance.now() - started);
  }
  results.push({ label, matches, runs, ms: median(runs) });
}

lock.release();
await client.logout();
process.stdout.write(JSON.stringify(results) + '\n');
