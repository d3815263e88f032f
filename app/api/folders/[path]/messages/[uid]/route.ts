import { json, route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { readMessage } from '@/lib/mail/message';
import { uidParam } from '@/lib/mail/part';
import { paramOf } from '@/lib/mail/params';

export const dynamic = 'force-dynamic';

/** One message for reading: headers, the sanitized body, the list of attachments. */
export const GET = route({}, async ({ params, account, services: { pool } }) => {
  const folder = folderFromParam(params.path);
  const uid = paramOf('uid', params.uid, uidParam);
  const message = await pool.use(account, (client) => readMessage(client, folder, uid), {
    folder,
    idempotent: true,
  });
  return json(message);
});
