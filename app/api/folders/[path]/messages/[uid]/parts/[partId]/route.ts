import { route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { openPart, partIdParam, partQuery, uidParam } from '@/lib/mail/part';
import { paramOf } from '@/lib/mail/params';

export const dynamic = 'force-dynamic';

/** One part of a message, decoded and streamed; a download unless it is a raster image asked inline. */
export const GET = route(
  { query: partQuery },
  async ({ params, query, account, services: { pool } }) => {
    const folder = folderFromParam(params.path);
    const uid = paramOf('uid', params.uid, uidParam);
    const partId = paramOf('partId', params.partId, partIdParam);
    const part = await openPart(pool, account, folder, uid, partId, query.inline);
    return new Response(part.body, { headers: part.headers });
  },
);
