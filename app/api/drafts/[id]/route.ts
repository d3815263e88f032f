import { json, route } from '@/lib/http';
import { MailError } from '@/lib/errors';
import { composeContext } from '@/lib/mail/compose/context';
import { deleteDrafts, saveDraft } from '@/lib/mail/compose/drafts';
import { composeFields, composeId, maxComposeJsonBytes } from '@/lib/mail/compose/schema';
import { paramOf } from '@/lib/mail/params';
import type { DraftSaved } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/** Saves the compose to Drafts, replacing its previous copy; 409 for a stale revision or once sending began. */
export const PUT = route(
  { body: composeFields, maxBytes: maxComposeJsonBytes },
  async ({ params, body, account, services }) => {
    if (paramOf('id', params.id, composeId) !== body.composeId)
      throw new MailError('invalid_request', 'composeId: is not the one in the address');
    const saved: DraftSaved = await saveDraft(composeContext(services, account), body);
    return json(saved);
  },
);

/** Deletes every Drafts copy of the compose (the user discarded it). */
export const DELETE = route({}, async ({ params, account, services }) => {
  await deleteDrafts(composeContext(services, account), paramOf('id', params.id, composeId));
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
