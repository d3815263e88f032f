import { json, publicRoute, route } from '@/lib/http';
import { signIn, signInRequest } from '@/lib/mail/sign-in';
import type { SessionReply } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

/** Signs in: the mail server checks the password; the sealed cookie carries the session. */
export const POST = publicRoute(
  { body: signInRequest },
  async ({ body, clientAddress, services }) => {
    const { cookies, pool, loginThrottle } = services;
    const session = cookies.create(body.email, body.password, body.remember ?? false);
    await signIn({ pool, loginThrottle }, { ...session, clientAddress });
    const reply: SessionReply = { user: { email: session.email } };
    return json(reply, { headers: { 'Set-Cookie': await cookies.issue(session) } });
  },
);

/** Who is signed in (401 when nobody is). */
export const GET = route({}, async ({ session }) => {
  const reply: SessionReply = { user: { email: session.email } };
  return Promise.resolve(json(reply));
});

/** Signs out: logs out of the mail server, revokes the session (copies of the cookie die too). */
export const DELETE = publicRoute({}, async ({ request, services: { cookies, pool, live } }) => {
  const session = await cookies.read(request);
  if (session) {
    pool.closeSession(session.sid);
    live.closeSession(session.sid);
    await cookies.revoke(session);
  }
  return new Response(null, {
    status: 204,
    headers: { 'Set-Cookie': cookies.clear(), 'Cache-Control': 'no-store' },
  });
});
