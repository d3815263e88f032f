/**
 * The only file that knows imapflow. Everything else in Tern asks for a client here and talks
 * in our own types, so an imapflow upgrade touches one place.
 */
import 'server-only';
import { isIP } from 'node:net';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { ServerEndpoint } from '../env';
import { isMailError, MailError } from '../errors';

export type ImapClient = ImapFlow;
// imapflow's shapes, for the one place in lib/mail that maps each of them to Tern's types.
export type {
  FetchMessageObject as ImapMessage,
  FetchQueryObject as ImapFetchQuery,
  MailboxOpenOptions as ImapOpenOptions,
  ListResponse as ImapFolder,
  MessageAddressObject as ImapAddress,
  MessageStructureObject as ImapBodyPart,
  SearchObject,
} from 'imapflow';

export interface ConnectOptions {
  endpoint: ServerEndpoint;
  tlsCa: string | undefined;
  auth?: { user: string; pass: string };
  /** Bounds connecting and the greeting, so a dead server fails fast instead of hanging a request. */
  timeoutMs?: number;
  /** Called once when the connection ends for any reason, so a pool can forget it. */
  onClose?: () => void;
  /**
   * The browser's address, sent in the ID command (x-originating-ip). A server that trusts Tern
   * (Dovecot's login_trusted_networks) then logs it and applies its failed-login penalty per
   * browser rather than to Tern's own address, which would slow down every user at once.
   */
  clientAddress?: string;
  /**
   * A connection that idles to watch a folder (lib/imap/folder-watch.ts): QRESYNC on, IDLE
   * resumed at once after every command and renewed well within the 29 minutes servers allow.
   */
  watch?: boolean;
}

const defaultTimeoutMs = 5000;
const loginPenaltyAllowanceMs = 17_000;

function clientOptions(options: ConnectOptions): ImapFlowOptions {
  const { endpoint, tlsCa, auth } = options;
  const timeout = options.timeoutMs ?? defaultTimeoutMs;
  return {
    host: endpoint.host,
    port: endpoint.port,
    secure: endpoint.tls === 'implicit',
    // true insists on STARTTLS; false never upgrades: the administrator's choice, never opportunistic.
    doSTARTTLS: endpoint.tls === 'implicit' ? undefined : endpoint.tls === 'starttls',
    tls: { ca: tlsCa ? [tlsCa] : undefined, minVersion: 'TLSv1.2' },
    auth,
    // Logs would carry addresses and subjects; failures are reported through our own errors.
    logger: false,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: 5 * 60_000,
    ...(options.watch ? { qresync: true, autoIdleDelay: 0, maxIdleTime: 25 * 60_000 } : {}),
    clientInfo: {
      name: 'Tern',
      ...(options.clientAddress && isIP(options.clientAddress)
        ? { 'x-originating-ip': options.clientAddress }
        : {}),
    },
  };
}

/**
 * Connects (and logs in when auth is given). Listeners for 'error' and 'close' are attached before
 * connect(): an 'error' event without a listener would kill the whole Node process.
 */
export async function connectImap(options: ConnectOptions): Promise<ImapClient> {
  const client = new ImapFlow(clientOptions(options));
  client.on('error', () => {
    // Socket errors surface as rejected commands or a 'close'; nothing more to do here.
  });
  client.on('close', () => options.onClose?.());
  // imapflow bounds the TCP connect and the greeting (a server that is down fails within
  // timeoutMs). This bounds the login after them, leaving room for Dovecot's failed-login penalty,
  // which delays an address's next attempt by up to 15 s.
  let timedOut = false;
  const deadline = setTimeout(
    () => {
      timedOut = true;
      client.close();
    },
    (options.timeoutMs ?? defaultTimeoutMs) + loginPenaltyAllowanceMs,
  );
  try {
    await client.connect();
    return client;
  } catch (error) {
    client.close();
    throw describeConnectError(timedOut ? { code: 'ETIMEDOUT' } : error, options.endpoint);
  } finally {
    clearTimeout(deadline);
  }
}

interface ImapErrorFields {
  code?: string;
  authenticationFailed?: boolean;
  serverResponseCode?: string;
  message?: string;
}

/**
 * imapflow flags every refused LOGIN as authenticationFailed; the response code (RFC 5530) tells
 * a wrong password from a server that cannot check passwords right now (UNAVAILABLE, LIMIT, …).
 */
const wrongCredentialCodes = new Set(['AUTHENTICATIONFAILED', 'AUTHORIZATIONFAILED', 'EXPIRED']);

/** Turns a socket, TLS or protocol failure into a message an administrator or user can act on. */
export function describeConnectError(error: unknown, endpoint: ServerEndpoint): MailError {
  const e = (error ?? {}) as ImapErrorFields;
  const where = `${endpoint.host}:${endpoint.port}`;
  const responseCode = e.serverResponseCode?.toUpperCase();
  if (e.authenticationFailed && (!responseCode || wrongCredentialCodes.has(responseCode)))
    return new MailError('auth_failed', 'Wrong email address or password.', { cause: error });
  if (e.authenticationFailed) {
    return new MailError(
      'imap_unavailable',
      `The mail server cannot check passwords right now (${responseCode}).`,
      { cause: error },
    );
  }
  const code = e.code ?? '';
  const message = e.message ?? '';
  const reason = (() => {
    if (code === 'ECONNREFUSED') return `nothing accepts connections at ${where}`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
      return `the host name ${endpoint.host} does not resolve`;
    if (code === 'CONNECT_TIMEOUT' || code === 'ETIMEDOUT')
      return `no connection to ${where} in time`;
    if (code === 'GREETING_TIMEOUT' || /greeting/i.test(message)) {
      return `${where} sent no IMAP greeting; is TERN_IMAP_TLS (${endpoint.tls}) right for that port?`;
    }
    if (
      /wrong version number|packet length too long|unknown protocol/i.test(`${code} ${message}`)
    ) {
      return `${where} does not speak TLS there; is TERN_IMAP_TLS (${endpoint.tls}) right for that port?`;
    }
    if (/CERT|certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${code} ${message}`)) {
      return `the certificate of ${where} is not trusted (${code || message}); set TERN_TLS_CA_FILE to its CA`;
    }
    if (/STARTTLS/i.test(message))
      return `${where} does not offer STARTTLS; set TERN_IMAP_TLS to match the server`;
    return `${where} failed: ${code || message || 'unknown error'}`;
  })();
  const sentence = reason.endsWith('?') ? reason : `${reason}.`;
  return new MailError('imap_unavailable', `The mail server is unavailable: ${sentence}`, {
    cause: error,
  });
}

const connectionGoneCodes = new Set([
  'NoConnection',
  'EConnectionClosed',
  'StateLogout',
  'ETIMEOUT',
  'ECONNRESET',
  'EPIPE',
]);

/** True when a command failed because the connection died, not because of what it asked. */
function isConnectionGone(error: unknown, client: ImapClient): boolean {
  return (
    !client.usable || connectionGoneCodes.has((error as ImapErrorFields | undefined)?.code ?? '')
  );
}

/** Turns a failed command into a MailError: a lost connection, a missing folder, or a server refusal. */
export function describeCommandError(error: unknown, client: ImapClient): MailError {
  if (isMailError(error)) return error;
  if (isConnectionGone(error, client)) {
    return new MailError(
      'imap_unavailable',
      'The connection to the mail server was lost. Try again in a moment.',
      { cause: error },
    );
  }
  const e = (error ?? {}) as ImapErrorFields & {
    serverResponseCode?: string;
    mailboxMissing?: boolean;
  };
  if (e.mailboxMissing || e.serverResponseCode === 'NONEXISTENT' || e.code === 'NotFound')
    return new MailError('not_found', 'That folder does not exist (any more).', { cause: error });
  return new MailError('internal', 'The mail server refused the request.', { cause: error });
}

function capabilityList(client: ImapClient): string[] {
  return [...client.capabilities.keys()].sort();
}

/**
 * Connects without logging in and returns what the server advertises before login.
 * imapflow always tries to authenticate in connect(); without credentials that attempt fails
 * only after the greeting, STARTTLS and CAPABILITY, which is exactly what a probe needs.
 */
export async function probeImap(options: Omit<ConnectOptions, 'auth'>): Promise<string[]> {
  const client = new ImapFlow(clientOptions(options));
  client.on('error', () => {});
  try {
    await client.connect();
    return capabilityList(client);
  } catch (error) {
    if ((error as ImapErrorFields).authenticationFailed && client.capabilities.size > 0)
      return capabilityList(client);
    throw describeConnectError(error, options.endpoint);
  } finally {
    client.close();
  }
}
