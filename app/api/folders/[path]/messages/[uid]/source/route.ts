import { route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { openSource, sourceQuery, uidParam } from '@/lib/mail/part';
import { paramOf } from '@/lib/mail/params';

export const dynamic = 'force-dynamic';

/** The raw message: a .eml download, or with view=1 plain text to read ("show original"). */
export const GET = route(
  { query: sourceQuery },
  async ({ params, query, account, services: { pool } }) => {
    const folder = folderFromParam(params.path);
    const uid = paramOf('uid', params.uid, uidParam);
    const source = await openSource(pool, account, folder, uid, query.view);
    return new Response(source.body, { headers: source.headers });
  },
);
