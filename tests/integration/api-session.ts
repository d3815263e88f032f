/**
 * Route handlers called in-process as the browser would call them: one signed-in cookie, and
 * Tern's services (the IMAP pool) closed when the file's tests are done.
 */
import { expect } from 'vitest';
import type { Services } from '@/lib/services';
import { testServerEnv } from '../support/test-stack.ts';

export const origin = testServerEnv().TERN_PUBLIC_URL!;
const servicesKey = Symbol.for('tern.services');

export function services(): Services {
  return (globalThis as Record<symbol, Services>)[servicesKey]!;
}

export async function closeServices(): Promise<void> {
  const holder = globalThis as Record<symbol, Services | undefined>;
  holder[servicesKey]?.imageProxy.close();
  await holder[servicesKey]?.pool.closeAll();
  holder[servicesKey] = undefined;
}

/** Signs in through POST /api/session and answers the cookie to send with later requests. */
export async function signInCookie(
  user: { email: string; password: string },
  clientAddress: string,
): Promise<string> {
  Object.assign(process.env, testServerEnv(), { TERN_CLIENT_ADDRESS_STAMPED: '1' });
  const session = await import('@/app/api/session/route');
  const response = await session.POST(
    new Request(`${origin}/api/session`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'x-tern-client-address': clientAddress,
      },
      body: JSON.stringify({ email: user.email, password: user.password }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}
