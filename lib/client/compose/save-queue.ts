/**
 * When a compose is saved to Drafts: a few seconds after the typing stops, and at most every 30 s
 * while it goes on; one save at a time, the next one only after the last answered; a failed save
 * is tried again with growing pauses. The save itself (PUT /api/drafts/{composeId}) is the
 * caller's; this only decides when, and keeps the status the composer shows.
 */

export type SaveStatus =
  /** Nothing written yet, or everything saved before this page was loaded. */
  | { kind: 'idle' }
  /** Changed since the last save; waiting for the typing to stop. */
  | { kind: 'pending' }
  | { kind: 'saving' }
  /** savedAt: ISO 8601 */
  | { kind: 'saved'; savedAt: string }
  /** retryAt: Date.now() of the next attempt, when there is one. */
  | { kind: 'failed'; message: string; retryAt?: number };

export type SaveAttempt =
  { ok: true; savedAt: string } | { ok: false; message: string; retry: boolean };

export interface Timers {
  set: (run: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
  now: () => number;
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface SaveQueueOptions {
  save: () => Promise<SaveAttempt>;
  onStatus: (status: SaveStatus) => void;
  /** After the last change, before saving. */
  quietMs?: number;
  /** The longest a change waits while the typing goes on. */
  maxWaitMs?: number;
  /** Pauses before each retry of a failed save; the last one repeats. */
  retryMs?: readonly number[];
  timers?: Timers;
}

export interface SaveQueue {
  /** The user changed something. */
  changed(): void;
  /** Saves at once if anything is unsaved (after the save in flight); true when all is saved. */
  saveNow(): Promise<boolean>;
  /** Stops saving (a send begins) once the save in flight has answered. */
  pause(): Promise<void>;
  /** Saving goes on (the send was undone or failed). */
  resume(): void;
  dirty(): boolean;
  status(): SaveStatus;
  dispose(): void;
}

export function createSaveQueue(options: SaveQueueOptions, initiallyDirty = false): SaveQueue {
  const quietMs = options.quietMs ?? 3000;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const retryMs = options.retryMs ?? [5000, 15_000, 30_000, 60_000];
  const timers = options.timers ?? realTimers;
  let version = initiallyDirty ? 1 : 0;
  let savedVersion = 0;
  let quietTimer: unknown;
  let maxTimer: unknown;
  let retryTimer: unknown;
  let inFlight: Promise<void> | undefined;
  let failures = 0;
  let paused = false;
  let disposed = false;
  let current: SaveStatus = initiallyDirty ? { kind: 'pending' } : { kind: 'idle' };

  const isDirty = () => version !== savedVersion;

  function setStatus(next: SaveStatus) {
    current = next;
    if (!disposed) options.onStatus(next);
  }

  function clearTimers() {
    for (const handle of [quietTimer, maxTimer, retryTimer])
      if (handle !== undefined) timers.clear(handle);
    quietTimer = maxTimer = retryTimer = undefined;
  }

  function fire() {
    clearTimers();
    void run();
  }

  function schedule() {
    if (quietTimer !== undefined) timers.clear(quietTimer);
    quietTimer = timers.set(fire, quietMs);
    maxTimer ??= timers.set(fire, maxWaitMs);
  }

  async function attempt(): Promise<void> {
    const attempted = version;
    setStatus({ kind: 'saving' });
    let result: SaveAttempt;
    try {
      result = await options.save();
    } catch (error) {
      result = {
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        retry: true,
      };
    }
    if (disposed) return;
    if (result.ok) {
      failures = 0;
      savedVersion = Math.max(savedVersion, attempted);
      // Changes made while it was saved have their own timer already.
      setStatus(isDirty() ? { kind: 'pending' } : { kind: 'saved', savedAt: result.savedAt });
      return;
    }
    const pauseMs = retryMs[Math.min(failures, retryMs.length - 1)]!;
    failures++;
    if (result.retry && !paused) {
      if (retryTimer !== undefined) timers.clear(retryTimer);
      retryTimer = timers.set(fire, pauseMs);
      setStatus({ kind: 'failed', message: result.message, retryAt: timers.now() + pauseMs });
    } else setStatus({ kind: 'failed', message: result.message });
  }

  async function run(): Promise<void> {
    while (inFlight) await inFlight;
    if (paused || disposed || !isDirty()) return;
    clearTimers();
    inFlight = attempt().finally(() => (inFlight = undefined));
    await inFlight;
  }

  return {
    changed() {
      if (disposed) return;
      version++;
      if (paused) return;
      if (!inFlight && current.kind !== 'failed' && current.kind !== 'pending')
        setStatus({ kind: 'pending' });
      schedule();
    },
    async saveNow() {
      await run();
      while (inFlight) await inFlight;
      return !isDirty();
    },
    async pause() {
      paused = true;
      clearTimers();
      while (inFlight) await inFlight;
    },
    resume() {
      paused = false;
      if (isDirty()) schedule();
    },
    dirty: isDirty,
    status: () => current,
    dispose() {
      disposed = true;
      clearTimers();
    },
  };
}
