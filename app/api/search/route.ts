import { json, route } from '@/lib/http';
import { searchAllFolders } from '@/lib/mail/search/all-folders';
import { planSearch, searchFolder, searchRequest } from '@/lib/mail/search/search';
import type { SearchStreamLine } from '@/lib/mail/types';
import { ndjsonStream } from '@/lib/ndjson';

export const dynamic = 'force-dynamic';

/**
 * Messages matching the search box's text, newest first, one window at a time. An all-folder
 * search with stream=1 answers a line of JSON as folders finish, and stops when the browser does.
 */
export const GET = route(
  { query: searchRequest },
  async ({ request, query, account, services: { pool, messageCache } }) => {
    const search = planSearch(query);
    if (search.scope.kind === 'all') {
      const searchAll = (options?: Parameters<typeof searchAllFolders>[5]) =>
        searchAllFolders(pool, account, messageCache, search, query, options);
      if (query.stream !== '1') return json(await searchAll());
      return ndjsonStream<SearchStreamLine>(request, async (send, signal) => {
        const page = await searchAll({
          signal,
          onProgress: (progress) => send({ type: 'progress', ...progress }),
        });
        send({ type: 'done', ...page });
      });
    }
    const folder = search.scope.path;
    const page = await pool.use(
      account,
      (client) => searchFolder(client, messageCache, account.email, folder, search, query),
      { folder, idempotent: true },
    );
    return json(page);
  },
);
