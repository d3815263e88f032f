import { z } from 'zod';
import { json, route } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { openListedMessage } from '@/lib/mail/message';
import { uidParam } from '@/lib/mail/part';
import { flagParam, paramOf } from '@/lib/mail/params';

export const dynamic = 'force-dynamic';

const messageQuery = z.object({
  /** 1: remote images load through the image proxy, signed for this user. */
  remote: flagParam,
  /** 1: each body part shown up to 20 MB instead of 2 MB ("show all" on a cut message). */
  full: flagParam,
});

/** One message for reading: headers, the sanitized body, the list of attachments. */
export const GET = route(
  { query: messageQuery },
  async ({ params, query, session, account, services: { pool, imageProxy, messageCache } }) => {
    const folder = folderFromParam(params.path);
    const uid = paramOf('uid', params.uid, uidParam);
    const remoteUrl = query.remote ? imageProxy.remoteUrlFor(session.email) : undefined;
    const options = { remoteUrl, full: query.full };
    const message = await pool.use(
      account,
      (client) => openListedMessage(client, messageCache, account.email, folder, uid, options),
      { folder, idempotent: true },
    );
    return json(message);
  },
);
