import type { LookupAddress } from 'node:dns';
import { describe, expect, it, vi } from 'vitest';
import { guardedLookup } from '@/lib/proxy/lookup';

const answers = new Map<string, LookupAddress[]>([
  [
    'public.test',
    [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::1', family: 6 },
    ],
  ],
  // A rebinding server answers a public address and a private one: the whole host is refused.
  [
    'rebind.test',
    [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ],
  ],
  ['mapped.test', [{ address: '::ffff:127.0.0.1', family: 6 }]],
  ['metadata.test', [{ address: '169.254.169.254', family: 4 }]],
]);

vi.mock('node:dns', () => ({
  lookup: (
    host: string,
    options: { all?: boolean },
    callback: (error: Error | null, addresses: LookupAddress[]) => void,
  ) => {
    expect(options.all).toBe(true);
    const found = answers.get(host);
    if (found) callback(null, found);
    else callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), []);
  },
}));

function resolve(host: string, all: boolean) {
  return new Promise<{ error: Error | null; address: unknown; family?: number }>((done) =>
    guardedLookup(host, { all }, (error, address, family) => done({ error, address, family })),
  );
}

describe('the image proxy’s name resolution', () => {
  it('answers every checked address to happy eyeballs, or the first to a plain connect', async () => {
    expect(await resolve('public.test', true)).toEqual({
      error: null,
      address: answers.get('public.test'),
      family: undefined,
    });
    expect(await resolve('public.test', false)).toEqual({
      error: null,
      address: '93.184.215.14',
      family: 4,
    });
  });

  it.each([
    ['rebind.test', /rebind\.test resolves to a private/],
    ['mapped.test', /loopback/],
    ['metadata.test', /link-local/],
  ])('refuses %s, whose answers include a refused address', async (host, message) => {
    for (const all of [true, false]) {
      const { error } = await resolve(host, all);
      expect(error?.message).toMatch(message);
      expect(error).toMatchObject({ code: 'forbidden', status: 403 });
    }
  });

  it('passes resolution failures on as they are', async () => {
    expect((await resolve('nowhere.test', false)).error).toMatchObject({ code: 'ENOTFOUND' });
  });
});
