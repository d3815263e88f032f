/** Small measuring tools shared by the benchmarks. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

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

/** The value at fraction `p` (0–1) of the sorted values, nearest rank: 0.95 for the p95. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/**
 * Wall-clock time in milliseconds with sub-millisecond resolution, comparable between processes
 * on one machine (performance.now() alone counts from each process's own start).
 */
export const wallClock = () => performance.timeOrigin + performance.now();

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

/** A reference script's path and a temporary file holding its config (remove `dir` when done). */
function referenceFiles(name: string, config: unknown) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tern-bench-'));
  const configFile = path.join(dir, 'reference.json');
  writeFileSync(configFile, JSON.stringify(config));
  return { dir, configFile, script: path.join(import.meta.dirname, 'reference', `${name}.ts`) };
}

/**
 * Runs a reference script (bench/reference/<name>.ts) in its own Node process, so its memory and
 * timings are its own, handing it `config` as a JSON file; returns what it prints as JSON.
 */
export function runReference<T>(name: string, config: unknown): T {
  const { dir, configFile, script } = referenceFiles(name, config);
  try {
    const result = spawnSync(process.execPath, [script, configFile], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`reference ${name} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunningReference {
  /** Closes the script's standard input, which tells it to finish, and waits until it has. */
  stop(): Promise<void>;
}

/**
 * Starts a reference script that keeps running beside the benchmark (one that listens, say),
 * handing each JSON line it prints to `onMessage` as it comes. It ends when its standard input
 * closes; ending before that fails with what it wrote to stderr, through `onError`.
 */
export function startReference<T>(
  name: string,
  config: unknown,
  onMessage: (message: T) => void,
  onError: (error: Error) => void,
): RunningReference {
  const { dir, configFile, script } = referenceFiles(name, config);
  const child = spawn(process.execPath, [script, configFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let stopping = false;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => onMessage(JSON.parse(line) as T));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      if (!stopping || code !== 0)
        onError(new Error(`reference ${name} ended (${code}): ${stderr}`));
      resolve();
    }),
  );
  return {
    stop: async () => {
      stopping = true;
      child.stdin.end();
      await exited;
    },
  };
}
