/** One measured figure of the benchmark suite (`npm run bench`), as the table and the JSON show it. */
import { median, percentile } from '../measure.ts';

export interface Stat {
  median: number;
  p95: number;
  runs: number;
}

export type Unit = 'ms' | 'MB' | 'KiB' | 'MB/s';

export interface Goal {
  /** How the goal reads in the table: "≤ 1.5× floor", "< 3 ms", "≤ 150 KiB". */
  text: string;
  met: boolean;
}

export interface Figure {
  section: 'API' | 'Browser' | 'Server';
  /** What was measured, short: "window of 50, middle, by date (cold)". */
  name: string;
  unit: Unit;
  tern: Stat;
  /** The same work done by raw imapflow (or the browser-free equivalent) in the same run. */
  floor?: Stat;
  /** What the floor is, when the table should say: "one LIST-STATUS", "GET /api/session". */
  floorName?: string;
  goal?: Goal;
  /** A short remark shown under the table (what the figure includes, what went wrong). */
  note?: string;
}

export function stat(values: number[]): Stat {
  if (values.length === 0) throw new Error('no values to summarize');
  return { median: median(values), p95: percentile(values, 0.95), runs: values.length };
}

/** A single reading (a size, one RSS sample) as a Stat. */
export const single = (value: number): Stat => ({ median: value, p95: value, runs: 1 });

/** Tern's median over the floor's. */
export const ratio = (figure: Figure): number | undefined =>
  figure.floor && figure.floor.median > 0 ? figure.tern.median / figure.floor.median : undefined;

/** Goals the issue sets, as functions of a figure's Tern and floor medians. */
export const goals = {
  timesFloor: (factor: number, tern: Stat, floor: Stat): Goal => ({
    text: `≤ ${factor}× floor`,
    met: tern.median <= factor * floor.median,
  }),
  floorPlus: (ms: number, tern: Stat, floor: Stat): Goal => ({
    text: `≤ floor + ${ms} ms`,
    met: tern.median <= floor.median + ms,
  }),
  atMost: (limit: number, unit: Unit, tern: Stat): Goal => ({
    text: `≤ ${limit} ${unit}`,
    met: tern.median <= limit,
  }),
  below: (limit: number, unit: Unit, value: number): Goal => ({
    text: `< ${limit} ${unit}`,
    met: value < limit,
  }),
};
