import { json, route } from '@/lib/http';
import { draftQuery, openDraft } from '@/lib/mail/compose/open-draft';

export const dynamic = 'force-dynamic';

/** A draft from Drafts, to be continued in the composer. */
export const GET = route(
  { query: draftQuery },
  async ({ query, session, account, services: { pool, imageProxy } }) => {
    const { folder, uid } = query;
    const prefill = await pool.use(
      account,
      (client) =>
        openDraft(client, folder, uid, {
          identity: session.email,
          remoteUrl: query.remote ? imageProxy.remoteUrlFor(session.email) : undefined,
        }),
      { folder, idempotent: true },
    );
    return json(prefill);
  },
);
