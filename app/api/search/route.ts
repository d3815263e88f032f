import { json, route } from '@/lib/http';
import { searchAllFolders } from '@/lib/mail/search/all-folders';
import { planSearch, searchFolder, searchRequest } from '@/lib/mail/search/search';

export const dynamic = 'force-dynamic';

/** Messages matching the search box's text, newest first, one window at a time. */
export const GET = route(
  { query: searchRequest },
  async ({ query, account, services: { pool, messageCache } }) => {
    const search = planSearch(query);
    if (search.scope.kind === 'all')
      return json(await searchAllFolders(pool, account, messageCache, search, query));
    const folder = search.scope.path;
    const page = await pool.use(
      account,
      (client) => searchFolder(client, messageCache, account.email, folder, search, query),
      { folder, idempotent: true },
    );
    return json(page);
  },
);
