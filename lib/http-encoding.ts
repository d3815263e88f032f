/**
 * Route handlers that compress their own answers (lib/json-response.ts), past Next: Next removes
 * Accept-Encoding from the request a handler sees and Content-Encoding from the response it
 * gives. Tern's own server (server.ts) carries both across under names of Tern's own: the
 * browser's Accept-Encoding in a request header it always overwrites, and the handler's
 * Content-Encoding back into the real header just before the response's head is sent.
 *
 * No 'server-only' import: server.ts loads this file in plain Node, outside Next's bundles.
 */
export const acceptEncodingHeader = 'x-tern-accept-encoding';
export const contentEncodingHeader = 'x-tern-content-encoding';

/** Whether Accept-Encoding allows gzip (listed without q=0, directly or as `*`). */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  const codings = new Map(
    (acceptEncoding ?? '').split(',').map((entry) => {
      const [name = '', ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return [name, q === undefined ? 1 : Number(q.slice(2)) || 0] as const;
    }),
  );
  return (codings.get('gzip') ?? codings.get('x-gzip') ?? codings.get('*') ?? 0) > 0;
}
