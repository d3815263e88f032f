/**
 * Load on the message list: autocannon sends GET /api/folders/INBOX/messages?offset=0&limit=50
 * over one keep-alive connection per signed-in user (its cookie set on that connection), each
 * sending its next request as soon as the last is answered, for a fixed time. Every response's
 * time (request written → response complete, as autocannon times it) is kept, so the median and
 * p95 are over all requests, not autocannon's fixed percentiles.
 */
import autocannon from 'autocannon';

export const listPath = '/api/folders/INBOX/messages?offset=0&limit=50';

export interface ListLoad {
  /** Milliseconds of every answered 2xx request. */
  latencies: number[];
  /** Requests answered with another status, and connection errors or timeouts. */
  failed: number;
  requestsPerSecond: number;
}

export async function loadList(url: string, cookies: string[], seconds: number): Promise<ListLoad> {
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const result = await autocannon({
    url: `${url}${listPath}`,
    connections: cookies.length,
    duration: seconds,
    timeout: 10,
    setupClient: (client) => {
      client.setHeaders({ cookie: cookies[next++ % cookies.length]! });
      client.on('response', (status: number, _bytes: number, ms: number) => {
        if (status >= 200 && status < 300) latencies.push(ms);
        else failed++;
      });
    },
  });
  return {
    latencies,
    failed: failed + result.errors,
    requestsPerSecond: result.requests.average,
  };
}
