/**
 * A raw imapflow connection to the benchmark's Dovecot, set up the way every reference process
 * needs it (STARTTLS with the stack's CA, errors caught so a dropped socket cannot kill it).
 */
import { readFileSync } from 'node:fs';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';

export interface ReferenceServer {
  port: number;
  /** Path of the stack's CA certificate. */
  ca: string;
}

/** The fields of a list row, as Tern fetches them (summaryFields in lib/mail/summary.ts). */
export const rowFields = {
  uid: true,
  flags: true,
  size: true,
  envelope: true,
  bodyStructure: true,
  internalDate: true,
} as const;

const cas = new Map<string, string>();

export async function connectRaw(
  server: ReferenceServer,
  user: { email: string; password: string },
  /** imapflow options beyond the connection's own (autoIdleDelay, say). */
  options: Partial<ImapFlowOptions> = {},
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
    ...options,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/**
 * A raw connection idling on `folder` as closely to the server as imapflow allows: the folder
 * selected and IDLE resumed at once after every command (autoIdleDelay 0, as Tern's watcher has
 * it). Resolves once IDLE has started.
 */
export async function connectIdling(
  server: ReferenceServer,
  user: { email: string; password: string },
  folder: string,
): Promise<ImapFlow> {
  const client = await connectRaw(server, user, { autoIdleDelay: 0 });
  await client.mailboxOpen(folder);
  while (!client.idling) await new Promise((resolve) => setTimeout(resolve, 5));
  return client;
}
