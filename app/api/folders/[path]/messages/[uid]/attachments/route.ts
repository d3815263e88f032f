import { route } from '@/lib/http';
import { openAttachmentsZip } from '@/lib/mail/attachments-zip';
import { folderFromParam } from '@/lib/mail/folders';
import { uidParam } from '@/lib/mail/part';
import { paramOf } from '@/lib/mail/params';

export const dynamic = 'force-dynamic';

/** All the message's attachments as one zip, streamed as it is built. */
export const GET = route({}, async ({ params, account, services: { pool } }) => {
  const folder = folderFromParam(params.path);
  const uid = paramOf('uid', params.uid, uidParam);
  const zip = await openAttachmentsZip(pool, account, folder, uid);
  return new Response(zip.body, { headers: zip.headers });
});
