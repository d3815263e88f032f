/**
 * A server-sent event stream as a Response: headers that keep proxies and compression from
 * holding events back, a heartbeat comment so idle connections stay open and dead ones show,
 * and one cleanup however the stream ends (the browser leaves, the server ends it, a write fails).
 */
import 'server-only';

export interface EventSink {
  send(id: string, type: string, data: unknown): void;
  /** Ends the stream from the server's side; the browser reconnects after its retry delay. */
  end(): void;
}

export interface EventStreamOptions {
  heartbeatMs?: number;
  /**
   * The stream ends after this long and the browser reconnects (sending Last-Event-ID), so the
   * session is checked again now and then, and no stream outlives its session for long.
   */
  maxMs?: number;
  /** How long the browser waits before reconnecting. */
  retryMs?: number;
}

const encoder = new TextEncoder();

/** One SSE frame. Data is JSON, so it never holds a line break that would split the frame. */
export function sseFrame(id: string, type: string, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * `open` starts sending through the sink and returns what to do when the stream ends.
 */
export function eventStream(
  request: Request,
  open: (sink: EventSink) => () => void,
  { heartbeatMs = 25_000, maxMs = 10 * 60_000, retryMs = 3000 }: EventStreamOptions = {},
): Response {
  let finish: () => void = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let done = false;
      let stop: (() => void) | undefined = undefined;
      const write = (text: string) => {
        if (done) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          finish();
        }
      };
      const heartbeat = setInterval(() => write(': ping\n\n'), heartbeatMs);
      const lifetime = setTimeout(() => finish(), maxMs);
      finish = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        request.signal.removeEventListener('abort', finish);
        stop?.();
        try {
          controller.close();
        } catch {
          // already closed by the browser leaving
        }
      };
      request.signal.addEventListener('abort', finish, { once: true });
      // Headers leave only with the first chunk: without it the browser waits, still connecting.
      write(`retry: ${retryMs}\n\n`);
      stop = open({
        send: (id, type, data) => write(sseFrame(id, type, data)),
        end: () => finish(),
      });
      // Ended while opening: undo what open() started.
      if (done) stop();
      else if (request.signal.aborted) finish();
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform also keeps Next's compression off this response.
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}
