/** The seeded random stream and the ways of drawing from it; all randomness goes through here. */

export type Rng = () => number;

/** mulberry32: tiny and fast; good enough for test data and fully reproducible. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick() needs a non-empty list');
  return item;
}

/** Favors the start of the list, so a few correspondents write far more often than the rest. */
export function pickFrequent<T>(rng: Rng, items: readonly T[]): T {
  const r = rng();
  const item = items[Math.floor(r * r * items.length)];
  if (item === undefined) throw new Error('pickFrequent() needs a non-empty list');
  return item;
}

export function between(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

export interface Weighted<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[];
  readonly total: number;
}

export function weighted<T>(entries: readonly (readonly [T, number])[]): Weighted<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, weight] of entries) {
    total += weight;
    values.push(value);
    cumulative.push(total);
  }
  return { values, cumulative, total };
}

export function pickWeighted<T>(rng: Rng, table: Weighted<T>): T {
  const r = rng() * table.total;
  for (let i = 0; i < table.cumulative.length; i++) {
    if (r < (table.cumulative[i] ?? 0)) return table.values[i] as T;
  }
  return table.values[table.values.length - 1] as T;
}

/** FNV-1a, to derive a short per-run tag from the seed and folder. */
export function hashString(text: string, seed: number): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function randomHex(rng: Rng, digits: number): string {
  let out = '';
  while (out.length < digits)
    out += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
}
