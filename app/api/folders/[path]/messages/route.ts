import { json, route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { listMessages, messageQuery } from '@/lib/mail/messages';

export const dynamic = 'force-dynamic';

/** One window of a folder's message list: only the rows asked for are fetched. */
export const GET = route(
  { query: messageQuery },
  async ({ params, query, account, services: { pool, messageCache } }) => {
    const folder = folderFromParam(params.path);
    const page = await pool.use(
      account,
      (client) => listMessages(client, messageCache, account.email, folder, query),
      { folder, idempotent: true },
    );
    return json(page);
  },
);
