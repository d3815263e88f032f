/**
 * Login throttling: failed sign-ins are counted per account and per client address in a sliding
 * window, and further attempts are refused (429 with Retry-After) until old failures age out.
 */
import 'server-only';
import { MailError } from './errors';
import { Lru } from './lru';

/**
 * Where attempts are counted. In memory by default; several instances behind a load balancer
 * share one (e.g. in Redis) through this interface.
 */
export interface AttemptStore {
  /** Records an attempt at `now` and returns the times of all attempts still inside the window. */
  add(key: string, now: number, windowMs: number): Promise<number[]>;
  /** Takes back the most recent attempt (it turned out not to be a failure). */
  removeLatest(key: string): Promise<void>;
  clear(key: string): Promise<void>;
}

/** Keys are dropped once their window has passed; the cap keeps a flood of addresses bounded. */
export class MemoryAttemptStore implements AttemptStore {
  private readonly attempts: Lru<string, number[]>;

  constructor(maxKeys = 100_000) {
    this.attempts = new Lru(maxKeys);
  }

  add(key: string, now: number, windowMs: number): Promise<number[]> {
    const recent = [...this.recent(key, now, windowMs), now];
    this.attempts.set(key, recent);
    return Promise.resolve([...recent]);
  }

  removeLatest(key: string): Promise<void> {
    this.attempts.get(key)?.pop();
    return Promise.resolve();
  }

  clear(key: string): Promise<void> {
    this.attempts.delete(key);
    return Promise.resolve();
  }

  private recent(key: string, now: number, windowMs: number): number[] {
    const kept = (this.attempts.get(key) ?? []).filter((t) => t > now - windowMs);
    if (kept.length === 0) this.attempts.delete(key);
    return kept;
  }
}

export interface LoginLimits {
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/** What the caller reports once the password check is over. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'not_checked';

export class LoginThrottle {
  private readonly limits: LoginLimits;
  private readonly store: AttemptStore;

  constructor(limits: LoginLimits, store: AttemptStore = new MemoryAttemptStore()) {
    this.limits = limits;
    this.store = store;
  }

  /**
   * Counts an attempt before the password is checked, so a burst of parallel guesses is limited
   * too, and refuses it when the account or the address has failed too often.
   * Returns a function that reports how the attempt ended.
   */
  async begin(
    account: string,
    address: string,
    now = Date.now(),
  ): Promise<(outcome: AttemptOutcome) => Promise<void>> {
    const accountKey = `account:${account.trim().toLowerCase()}`;
    const addressKey = `address:${address}`;
    const { windowMs } = this.limits;
    // Added first and checked after: two parallel attempts can never both see room for one.
    const [accountAttempts, addressAttempts] = await Promise.all([
      this.store.add(accountKey, now, windowMs),
      this.store.add(addressKey, now, windowMs),
    ]);
    const retryAt = Math.max(
      blockedUntil(accountAttempts, this.limits.perAccount, windowMs),
      blockedUntil(addressAttempts, this.limits.perAddress, windowMs),
    );
    if (retryAt > now) {
      // A refused attempt is not a guess at the password, so it does not extend the wait.
      await Promise.all([this.store.removeLatest(accountKey), this.store.removeLatest(addressKey)]);
      throw tooManyAttempts(retryAt - now);
    }
    return async (outcome) => {
      if (outcome === 'failed') return;
      if (outcome === 'succeeded') await this.store.clear(accountKey);
      else await this.store.removeLatest(accountKey);
      await this.store.removeLatest(addressKey);
    };
  }
}

/**
 * `attempts` includes the one being made. Over the limit, it may be made once enough earlier
 * attempts have aged out of the window.
 */
function blockedUntil(attempts: number[], limit: number, windowMs: number): number {
  if (attempts.length <= limit) return 0;
  const sorted = [...attempts].sort((a, b) => a - b);
  return (sorted[sorted.length - 1 - limit] ?? 0) + windowMs;
}

function tooManyAttempts(waitMs: number): MailError {
  const seconds = Math.ceil(waitMs / 1000);
  const minutes = Math.ceil(seconds / 60);
  const when = seconds < 90 ? `${seconds} seconds` : `${minutes} minutes`;
  return new MailError('rate_limited', `Too many sign-in attempts. Wait ${when} and try again.`, {
    retryAfterSeconds: seconds,
  });
}
