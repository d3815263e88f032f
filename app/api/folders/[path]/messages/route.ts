import { json, route } from '@/lib/http';
import { changeFlags, deleteMessages, flagChange, removal } from '@/lib/mail/message-actions';
import { folderFromParam } from '@/lib/mail/folders';
import { listMessages, messageQuery } from '@/lib/mail/messages';
import type { MessageActionResult } from '@/lib/mail/types';

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

/** Adds or removes flags (read, starred, …) on some messages or the whole folder. */
export const PATCH = route(
  { body: flagChange },
  async ({ params, body, account, services: { pool, messageCache } }) => {
    const folder = folderFromParam(params.path);
    const result: MessageActionResult = await pool.use(
      account,
      (client) => changeFlags(client, messageCache, account.email, folder, body),
      { folder },
    );
    return json(result);
  },
);

/** Moves messages to Trash; in Trash, deletes them for good. */
export const DELETE = route(
  { body: removal },
  async ({ params, body, account, services: { pool, messageCache } }) => {
    const folder = folderFromParam(params.path);
    const result: MessageActionResult = await pool.use(
      account,
      (client) => deleteMessages(client, messageCache, account.email, folder, body.uids),
      { folder },
    );
    return json(result);
  },
);
