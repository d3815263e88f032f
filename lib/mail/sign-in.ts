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
const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');

export const signInRequest = z.object({
  email: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'is required')
    .refine((value) => utf8Bytes(value) <= 254, 'is longer than 254 bytes')
    .refine(noControlCharacters, 'contains control characters'),
  // Bounded in bytes, with no control characters (JSON would inflate them), so the sealed cookie
  // that carries it always stays well under the 4 KB browsers keep.
  password: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .refine((value) => utf8Bytes(value) <= 512, 'is longer than 512 bytes')
    .refine(noControlCharacters, 'contains control characters'),
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
    throw error;
  }
  await finish('succeeded');
}
