import { json, route } from '@/lib/http';
import { composeSetup } from '@/lib/mail/compose/setup';

export const dynamic = 'force-dynamic';

/** Whom the user can send as, the attachment limit and the default undo delay. */
export const GET = route({}, ({ account, services }) =>
  Promise.resolve(json(composeSetup(account.email, services.config))),
);
