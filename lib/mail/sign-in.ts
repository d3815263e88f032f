/**
 * Signing in: the mail server checks the password (Tern stores no accounts), behind the login
 * throttle. The connection that checked it stays in the pool for the session's first request.
 */
import 'server-only';
import { z } from 'zod';
import { isMailError, MailError } from '../errors';
import type { ImapPool, PoolAccount } from '../imap/pool';
import type { LoginThrottle } from '../throttle';
import type { SignInRequest } from './types';

const noControlCharacters = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

export const signInRequest = z.object({
  email: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(254, 'is longer than 254 characters')
    .refine(noControlCharacters, 'contains control characters'),
  password: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(1024, 'is longer than 1024 characters')
    .refine((value) => !/[\r\n\u0000]/.test(value), 'contains line breaks'),
  remember: z.boolean({ error: 'must be true or false' }).optional(),
}) satisfies z.ZodType<SignInRequest>;

export async function signIn(
  deps: { pool: ImapPool; loginThrottle: LoginThrottle },
  account: PoolAccount & { clientAddress: string },
): Promise<void> {
  const finish = await deps.loginThrottle.begin(account.email, account.clientAddress);
  try {
    await deps.pool.signIn(account);
  } catch (error) {
    if (isMailError(error, 'auth_failed')) {
      await finish('failed');
      // The same answer for an unknown account and a wrong password.
      throw new MailError('auth_failed', 'Wrong email address or password.');
    }
    await finish('not_checked');
    if (isMailError(error, 'imap_unavailable')) {
      throw new MailError(
        'imap_unavailable',
        `${error.message} Try again in a minute; if it keeps happening, tell your administrator.`,
        { retryAfterSeconds: error.retryAfterSeconds ?? 5 },
      );
    }
    throw error;
  }
  await finish('succeeded');
}
