import { json, route } from '@/lib/http';
import { forgetSpecialFolders } from '@/lib/mail/compose/special-folders';
import { createFolder, folderCreation } from '@/lib/mail/folder-actions';
import { listFolders } from '@/lib/mail/folders';
import type { FolderList } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/** Every folder with its counts, INBOX and the special-use folders first. */
export const GET = route({}, async ({ account, services }) => {
  const folders = await services.pool.use(account, listFolders, { idempotent: true });
  const reply: FolderList = { folders };
  return json(reply);
});

/** Creates a folder (and subscribes to it): 201 with the new folder. */
export const POST = route({ body: folderCreation }, async ({ body, account, services }) => {
  const folder = await services.pool.use(account, (client) => createFolder(client, body));
  forgetSpecialFolders(account.email);
  return json(folder, { status: 201 });
});
