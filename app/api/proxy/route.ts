import { z } from 'zod';
import { route } from '@/lib/http';
import { maxUrlLength } from '@/lib/proxy/target';

export const dynamic = 'force-dynamic';

const proxyQuery = z.object({
  url: z.string().min(1, 'names no image').max(maxUrlLength, 'is too long'),
  // Any shape: a malformed signature is refused (403) like a wrong one, by the same check.
  sig: z.string().max(256, 'is too long'),
});

/** A remote image from a message the user chose to see remote content in, fetched for them. */
export const GET = route({ query: proxyQuery }, async ({ query, session, request, services }) => {
  const image = await services.imageProxy.open(session.email, query.url, query.sig, request.signal);
  return new Response(image.body, { headers: image.headers });
});
