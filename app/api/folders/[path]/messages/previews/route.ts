import { json, route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { messagePreviews, previewQuery } from '@/lib/mail/previews';

export const dynamic = 'force-dynamic';

/** Body snippets for some rows of the list, asked for after their window arrived. */
export const GET = route(
  { query: previewQuery },
  async ({ params, query, account, services: { pool, messageCache } }) => {
    const folder = folderFromParam(params.path);
    const previews = await pool.use(
      account,
      (client) => messagePreviews(client, messageCache, account.email, folder, query.uids),
      { folder, idempotent: true },
    );
    return json(previews);
  },
);
