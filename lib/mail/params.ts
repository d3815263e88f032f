/** A dynamic route segment checked with a schema, as a 400 naming the segment when it is wrong. */
import 'server-only';
import type { z } from 'zod';
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
