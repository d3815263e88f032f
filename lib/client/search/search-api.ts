/** The browser's side of GET /api/search: a window of results, or an all-folder search streamed. */
import type { SearchPage, SearchProgress, SearchStreamLine } from '@/lib/mail/types';
import { call, resultOf, unreachable, type ApiResult } from '../api';

function searchPath(q: string, folder: string, offset: number, limit: number, stream = false) {
  const params = new URLSearchParams({ q, folder, offset: String(offset), limit: String(limit) });
  if (stream) params.set('stream', '1');
  return `/api/search?${params.toString()}`;
}

export function searchMessages(
  q: string,
  folder: string,
  offset: number,
  limit: number,
  signal?: AbortSignal,
): Promise<ApiResult<SearchPage>> {
  return call('GET', searchPath(q, folder, offset, limit), undefined, signal);
}

const cutShort = {
  ok: false,
  status: 0,
  code: 'network',
  message: 'The search was cut short before it finished. Check your connection and try again.',
} as const;

/**
 * The first window of an all-folder search, with `onProgress` called as folders finish. Aborting
 * `signal` stops the search on the server too; the promise then rejects with the abort.
 */
export async function streamSearch(
  q: string,
  folder: string,
  limit: number,
  onProgress: (progress: SearchProgress) => void,
  signal: AbortSignal,
): Promise<ApiResult<SearchPage>> {
  let response: Response;
  try {
    response = await fetch(searchPath(q, folder, 0, limit, true), {
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (error) {
    if (signal.aborted) throw error;
    return unreachable;
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    return resultOf(response.status, text, response.headers.get('retry-after'));
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return cutShort;
      buffered += value;
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        const text = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        if (!text.trim()) continue; // the server's heartbeat
        const line = JSON.parse(text) as SearchStreamLine;
        if (line.type === 'progress') onProgress(line);
        else if (line.type === 'done') return { ok: true, value: line };
        else return resultOf(500, JSON.stringify({ error: line.error }), null);
      }
    }
  } catch (error) {
    if (signal.aborted) throw error;
    return cutShort;
  }
}
