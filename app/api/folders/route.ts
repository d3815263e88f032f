import { json, route } from '@/lib/http';
import { listFolders } from '@/lib/mail/folders';
import type { FolderList } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/** Every folder with its counts, INBOX and the special-use folders first. */
export const GET = route({}, async ({ account, services }) => {
  const folders = await services.pool.use(account, listFolders, { idempotent: true });
  const reply: FolderList = { folders };
  return json(reply);
});
