/** Small measuring tools shared by the benchmarks. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Resident memory of a process in bytes, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for pid ${pid}`);
  return kb * 1024;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The median of a few RSS samples a second apart, so one GC pause does not decide the figure. */
export async function settledRss(pid: number, samples = 5): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    values.push(rssOf(pid));
    await sleep(1000);
  }
  return median(values);
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

/**
 * Runs a reference script (bench/reference/<name>.ts) in its own Node process, so its memory and
 * timings are its own, handing it `config` as a JSON file; returns what it prints as JSON.
 */
export function runReference<T>(name: string, config: unknown): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'tern-bench-'));
  const configFile = path.join(dir, 'reference.json');
  try {
    writeFileSync(configFile, JSON.stringify(config));
    const script = path.join(import.meta.dirname, 'reference', `${name}.ts`);
    const result = spawnSync(process.execPath, [script, configFile], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`reference ${name} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
