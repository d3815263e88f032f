import { route } from '@/lib/http';
import { removeUpload, spoolOptions, uploadIdFromParam } from '@/lib/mail/compose/uploads';

export const dynamic = 'force-dynamic';

/** Removes an uploaded attachment (the user took it off the message); one already gone is fine. */
export const DELETE = route({}, async ({ params, account, services: { config } }) => {
  const id = uploadIdFromParam(params.id);
  await removeUpload(spoolOptions(config.compose), account.email, id);
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});
