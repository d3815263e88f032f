/**
 * A small least-recently-used map: reading an entry makes it the newest; the oldest goes first.
 * With `weigh`, entries also go while their total weight is over `maxWeight` (large values, such
 * as a search's 100,000 UIDs, count for what they hold).
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly capacity: number;
  private readonly weigh: ((value: V) => number) | undefined;
  private readonly maxWeight: number;
  private weight = 0;

  constructor(capacity: number, budget?: { weigh: (value: V) => number; maxWeight: number }) {
    this.capacity = capacity;
    this.weigh = budget?.weigh;
    this.maxWeight = budget?.maxWeight ?? Infinity;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.entries.set(key, value);
    this.weight += this.weigh?.(value) ?? 0;
    while (this.entries.size > this.capacity || this.weight > this.maxWeight) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.weight -= this.weigh?.(value) ?? 0;
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
