import { json, route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { uidParam } from '@/lib/mail/part';
import { paramOf } from '@/lib/mail/params';
import { conversationOf } from '@/lib/mail/thread';

export const dynamic = 'force-dynamic';

/** The messages of this message's conversation in its folder, oldest first. */
export const GET = route({}, async ({ params, account, services: { pool, messageCache } }) => {
  const folder = folderFromParam(params.path);
  const uid = paramOf('uid', params.uid, uidParam);
  const conversation = await pool.use(
    account,
    (client) => conversationOf(client, messageCache, account.email, folder, uid),
    { folder, idempotent: true },
  );
  return json(conversation);
});
