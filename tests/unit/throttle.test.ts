import { describe, expect, it } from 'vitest';
import { isMailError } from '@/lib/errors';
import { LoginThrottle } from '@/lib/throttle';

const minute = 60_000;
const limits = { perAccount: 3, perAddress: 5, windowMs: 15 * minute };

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isMailError(error, 'rate_limited')) throw new Error('expected a rate_limited refusal');
  return error;
}

describe('login throttle', () => {
  it('refuses an account after the allowed failures until the oldest ages out', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++)
      await (
        await throttle.begin('a@x', `10.0.0.${i}`, i * minute)
      )('failed');
    const error = await refusal(throttle.begin('A@X ', '10.0.0.9', 5 * minute));
    expect(error.retryAfterSeconds).toBe(10 * 60);
    expect(error.message).toBe('Too many sign-in attempts. Wait 10 minutes and try again.');
    await expect(throttle.begin('a@x', '10.0.0.9', 15 * minute + 1)).resolves.toBeTypeOf(
      'function',
    );
  });

  it('refuses an address that fails across many accounts', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 5; i++) await (await throttle.begin(`user${i}`, '192.0.2.1', 0))('failed');
    await refusal(throttle.begin('someone-else', '192.0.2.1', 1000));
    await expect(throttle.begin('someone-else', '192.0.2.2', 1000)).resolves.toBeTypeOf('function');
  });

  it('counts parallel attempts before their outcome is known', async () => {
    const throttle = new LoginThrottle(limits);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => throttle.begin('a@x', '192.0.2.1', 0)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
  });

  it('forgets failures after a success, and does not count server outages', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 2; i++) await (await throttle.begin('a@x', '192.0.2.1', 0))('failed');
    await (
      await throttle.begin('a@x', '192.0.2.1', 0)
    )('succeeded');
    for (let i = 0; i < 2; i++) await (await throttle.begin('a@x', '192.0.2.1', 0))('failed');
    for (let i = 0; i < 5; i++) await (await throttle.begin('a@x', '192.0.2.1', 0))('not_checked');
    await expect(throttle.begin('a@x', '192.0.2.1', 0)).resolves.toBeTypeOf('function');
  });

  it('does not let refused attempts extend the wait', async () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) await (await throttle.begin('a@x', '192.0.2.1', 0))('failed');
    for (let t = 1; t < 10; t++) await refusal(throttle.begin('a@x', '192.0.2.1', t * minute));
    await expect(throttle.begin('a@x', '192.0.2.1', 15 * minute + 1)).resolves.toBeTypeOf(
      'function',
    );
  });
});
