/**
 * Deterministic generator of realistic RFC 5322 messages, used to seed the
 * local Dovecot test mailbox (the Maildir writer lives elsewhere). The work
 * is done by the modules in ./mailgen; this file is the public entry.
 *
 * Design notes:
 * - Everything random comes from one seeded mulberry32 stream, consumed in a
 *   fixed order, so the same options always give the same bytes.
 * - Output is pure 7-bit ASCII: non-ASCII text travels as quoted-printable or
 *   base64 bodies and RFC 2047 encoded-words, as real mail mostly does.
 * - Speed matters (100k messages for a big mailbox), so attachment payloads
 *   and their base64 are built once, templates are pre-compiled, and the
 *   message is assembled from string pieces and converted to a Buffer once.
 */
import type { GeneratedMessage, GenerateOptions } from './mailgen/api.ts';
import { composeMessage } from './mailgen/compose.ts';
import type { Run } from './mailgen/run.ts';
import { createRun } from './mailgen/run.ts';

export type { GeneratedMessage, GenerateOptions } from './mailgen/api.ts';

/** Yields `count` messages, oldest first (the writer relies on UID order = date order). */
export function generateMessages(options: GenerateOptions): Generator<GeneratedMessage> {
  // Validate eagerly: a generator body would only run on the first next().
  const run = createRun(options);
  return emitMessages(run);
}

function* emitMessages(run: Run): Generator<GeneratedMessage> {
  for (let index = 0; index < run.count; index++) {
    yield composeMessage(run, index);
  }
}
