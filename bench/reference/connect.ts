/**
 * A raw imapflow connection to the benchmark's Dovecot, set up the way every reference process
 * needs it (STARTTLS with the stack's CA, errors caught so a dropped socket cannot kill it).
 */
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';

export interface ReferenceServer {
  port: number;
  /** Path of the stack's CA certificate. */
  ca: string;
}

const cas = new Map<string, string>();

export async function connectRaw(
  server: ReferenceServer,
  user: { email: string; password: string },
): Promise<ImapFlow> {
  const ca = cas.get(server.ca) ?? readFileSync(server.ca, 'utf8');
  cas.set(server.ca, ca);
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: server.port,
    secure: false,
    doSTARTTLS: true,
    tls: { ca: [ca] },
    auth: { user: user.email, pass: user.password },
    logger: false,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}
