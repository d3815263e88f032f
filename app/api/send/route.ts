import { json, route } from '@/lib/http';
import { composeContext } from '@/lib/mail/compose/context';
import { maxComposeJsonBytes, sendRequest } from '@/lib/mail/compose/schema';
import { sendMessage } from '@/lib/mail/compose/send';
import type { SendResult } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/**
 * Sends a compose: 200 with what happened (sent, sent but not saved, not sent, or unknown) once
 * an attempt was made; 4xx when the request is refused before anything is tried.
 */
export const POST = route(
  { body: sendRequest, maxBytes: maxComposeJsonBytes },
  async ({ body, account, services }) => {
    const result: SendResult = await sendMessage(composeContext(services, account), body);
    return json(result);
  },
);
