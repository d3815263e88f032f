/**
 * A response of newline-delimited JSON written as work finishes: for answers that come in parts
 * (an all-folder search), so the browser can show the parts, and cancel by going away.
 */
import 'server-only';
import { errorBody } from './http';

const encoder = new TextEncoder();

/**
 * `run` writes lines with `send` until it resolves; `signal` aborts when the browser leaves. A
 * failure after the first line is written as an `{type: 'error', error}` line. Readers skip
 * empty lines (the heartbeat).
 */
export function ndjsonStream<Line extends object>(
  request: Request,
  run: (send: (line: Line) => void, signal: AbortSignal) => Promise<void>,
  { heartbeatMs = 15_000 } = {},
): Response {
  const stop = new AbortController();
  const abort = () => stop.abort(new DOMException('The browser stopped waiting', 'AbortError'));
  request.signal.addEventListener('abort', abort, { once: true });
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      };
      // An empty line now and then, so proxies (nginx: 60 s) keep a slow search's response open.
      const heartbeat = setInterval(() => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode('\n'));
      }, heartbeatMs);
      try {
        await run(send, stop.signal);
      } catch (error) {
        if (!stop.signal.aborted) send({ type: 'error', ...errorBody(error) });
      } finally {
        clearInterval(heartbeat);
        request.signal.removeEventListener('abort', abort);
        try {
          controller.close();
        } catch {
          // already closed by the browser leaving
        }
      }
    },
    cancel: abort,
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      // no-transform also keeps Next's compression (and its buffering) off this response.
      'Cache-Control': 'no-store, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
