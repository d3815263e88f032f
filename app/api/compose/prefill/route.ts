import { json, route } from '@/lib/http';
import { composePrefill, prefillQuery } from '@/lib/mail/compose/prefill';

export const dynamic = 'force-dynamic';

/** A reply, reply all or forward of a message, ready for the composer: recipients, subject, quote. */
export const GET = route(
  { query: prefillQuery },
  async ({ query, session, account, services: { pool, imageProxy } }) => {
    const { folder, uid, mode } = query;
    const prefill = await pool.use(
      account,
      (client) =>
        composePrefill(client, folder, uid, mode, {
          identities: [session.email],
          format: query.body,
          timeZone: query.tz,
          remoteUrl: query.remote ? imageProxy.remoteUrlFor(session.email) : undefined,
        }),
      { folder, idempotent: true },
    );
    return json(prefill);
  },
);
