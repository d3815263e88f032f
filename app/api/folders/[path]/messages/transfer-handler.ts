/** The one handler behind POST …/messages/move and …/messages/copy. */
import { json, route, type RouteHandler } from '@/lib/http';
import { folderFromParam } from '@/lib/mail/folders';
import { transfer, transferMessages } from '@/lib/mail/message-actions';
import type { MessageActionResult } from '@/lib/mail/types';

export function transferHandler(mode: 'move' | 'copy'): RouteHandler {
  return route({ body: transfer }, async ({ params, body, account, services }) => {
    const folder = folderFromParam(params.path);
    const result: MessageActionResult = await services.pool.use(
      account,
      (client) =>
        transferMessages(client, services.messageCache, account.email, folder, body, mode),
      { folder },
    );
    return json(result);
  });
}
