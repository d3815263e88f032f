import { json, route } from '@/lib/http';
import { forgetSpecialFolders } from '@/lib/mail/compose/special-folders';
import { deleteFolder, folderUpdate, updateFolder } from '@/lib/mail/folder-actions';
import { folderFromParam } from '@/lib/mail/folders';

export const dynamic = 'force-dynamic';

/** Renames, moves or (un)subscribes a folder; answers with the folder as it is now. */
export const PATCH = route({ body: folderUpdate }, async ({ params, body, account, services }) => {
  const path = folderFromParam(params.path);
  const folder = await services.pool.use(account, (client) => updateFolder(client, path, body));
  forgetSpecialFolders(account.email);
  return json(folder);
});

/** Deletes a folder and the messages in it. */
export const DELETE = route({}, async ({ params, account, services }) => {
  const path = folderFromParam(params.path);
  await services.pool.use(account, (client) => deleteFolder(client, path));
  forgetSpecialFolders(account.email);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
