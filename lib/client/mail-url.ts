/**
 * The mailbox's address: the folder in the path, then what is on screen in the query, so reload,
 * links, Back and Forward all return to it: `q` the search, `m` the open message's UID, and `f`
 * its folder when that is not the page's (a search result from another folder).
 */
export interface MailView {
  q?: string | null;
  m?: number;
  f?: string;
}

export function mailUrl(pathname: string, { q, m, f }: MailView): string {
  const params = new URLSearchParams();
  if (q !== undefined && q !== null) params.set('q', q);
  if (m !== undefined) params.set('m', String(m));
  if (m !== undefined && f !== undefined) params.set('f', f);
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}

/** The view in the address's query. */
export function mailViewOf(params: URLSearchParams): MailView {
  const m = Number(params.get('m'));
  return {
    q: params.get('q'),
    m: Number.isInteger(m) && m > 0 ? m : undefined,
    f: params.get('f') ?? undefined,
  };
}
