/** A dynamic route segment checked with a schema, as a 400 naming the segment when it is wrong. */
import 'server-only';
import { z } from 'zod';
import { MailError } from '../errors';

export function paramOf<T>(
  name: string,
  value: string | string[] | undefined,
  schema: z.ZodType<T, unknown>,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues[0]?.message ?? 'is not valid';
  throw new MailError('invalid_request', `${name}: ${message}`);
}

/** A query flag: 1 or 0 (the default), as a boolean. */
export const flagParam = z
  .enum(['0', '1'], { error: 'must be 0 or 1' })
  .default('0')
  .transform((value) => value === '1');
