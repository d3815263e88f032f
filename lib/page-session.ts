/** The signed-in session for server-rendered pages, which read cookies through Next. */
import 'server-only';
import { cookies } from 'next/headers';
import { services } from './services';
import type { SessionData } from './session';

export async function pageSession(): Promise<SessionData | undefined> {
  const { cookies: sessions } = services();
  const jar = await cookies();
  return sessions.readSealed(jar.get(sessions.name)?.value);
}
