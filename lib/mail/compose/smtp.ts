/**
 * The one file that talks SMTP (nodemailer's SMTPConnection): already-built bytes go to the
 * administrator's submission server, signed in as the user, with an explicit envelope. The
 * answer says exactly what happened, in particular whether the message may have been sent.
 *
 * SMTPConnection rather than a transport: nodemailer reports a socket lost after the last DATA
 * byte exactly like one lost before anything was sent (ECONNECTION, command 'CONN'), and a
 * transport reads the message into its own buffers before DATA, so the caller cannot tell the
 * two apart. Handing the message to SMTPConnection.send() ourselves, it is only read once the
 * server said 354, and its 'end' marks the point after which a silent loss means "maybe sent".
 * There is no message building here at all, so nodemailer never touches a file or a URL.
 */
import 'server-only';
import { Readable } from 'node:stream';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { ServerEndpoint } from '../../env';
import type { NotSentCode, RefusedRecipients } from '../types';

export interface SmtpSettings {
  endpoint: ServerEndpoint;
  tlsCa: string | undefined;
  /** Defaults: 10 s to connect, 10 s for the greeting, 60 s of silence at any later point. */
  timeouts?: { connectMs: number; greetingMs: number; socketMs: number };
}

export interface Submission {
  auth: { user: string; pass: string };
  /** The envelope sender: the user's identity. */
  from: string;
  /** Every To, Cc and Bcc address, once each. */
  recipients: string[];
  /** The message as it goes out (without Bcc). */
  message: Buffer;
}

/** How far a submission got: a failure's meaning depends on it. */
export type SmtpPhase = 'connect' | 'auth' | 'envelope' | 'data' | 'data_done';

export type Submitted =
  /** Accepted for at least one recipient; the others are in refused. */
  | { status: 'sent'; refused: RefusedRecipients }
  | { status: 'not_sent'; code: NotSentCode; reason: string; refused?: RefusedRecipients }
  /** The whole message was handed over and no answer came: it may have been sent. */
  | { status: 'unknown'; reason: string }
  /** The server refused the session's password: the user must sign in again. */
  | { status: 'auth_failed'; reason: string };

/** What nodemailer puts on its errors (nodemailer/lib/smtp-connection _formatError). */
interface SmtpErrorFields {
  code?: string;
  originalCode?: string;
  message?: string;
  response?: string;
  responseCode?: number;
  command?: string;
  rejectedErrors?: Array<{ recipient?: string; response?: string }>;
}

const defaultTimeouts = { connectMs: 10_000, greetingMs: 10_000, socketMs: 60_000 };
const chunkSize = 64 * 1024;

function connectionOptions(settings: SmtpSettings): SMTPConnection.Options {
  const { endpoint, tlsCa } = settings;
  const timeouts = settings.timeouts ?? defaultTimeouts;
  return {
    host: endpoint.host,
    port: endpoint.port,
    // The administrator's choice, never opportunistic: STARTTLS insisted on, or never tried.
    secure: endpoint.tls === 'implicit',
    requireTLS: endpoint.tls === 'starttls',
    ignoreTLS: endpoint.tls === 'none',
    tls: { ca: tlsCa ? [tlsCa] : undefined, minVersion: 'TLSv1.2' },
    connectionTimeout: timeouts.connectMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // Logs would carry addresses and message text; failures are reported through the result.
    logger: false,
    debug: false,
  };
}

/**
 * Runs one SMTPConnection step. nodemailer reports socket failures as an 'error' event rather
 * than through the step's callback, and a closed connection as 'end': both end the step.
 */
function step<T>(
  connection: SMTPConnection,
  run: (done: (error?: Error | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const onError = (error: Error) => finish(error);
    const onEnd = () =>
      finish(
        Object.assign(new Error('Connection closed unexpectedly'), {
          code: 'ECONNECTION',
          command: 'CONN',
        }),
      );
    function finish(error?: Error | null, value?: T) {
      if (settled) return;
      settled = true;
      connection.off('error', onError);
      connection.off('end', onEnd);
      if (error) reject(error);
      else resolve(value as T);
    }
    connection.once('error', onError);
    connection.once('end', onEnd);
    run(finish);
  });
}

/** The message as a stream that notes when SMTP starts reading it and when it read the last byte. */
function trackedMessage(bytes: Buffer, onStart: () => void, onEnd: () => void): Readable {
  let offset = 0;
  const stream = new Readable({
    read() {
      if (offset === 0) onStart();
      if (offset >= bytes.length) {
        this.push(null);
        return;
      }
      const chunk = bytes.subarray(offset, offset + chunkSize);
      offset += chunk.length;
      this.push(chunk);
    },
  });
  stream.once('end', onEnd);
  return stream;
}

/** Submits one message; never throws for anything the server or the network did. */
export async function submit(settings: SmtpSettings, submission: Submission): Promise<Submitted> {
  let phase: SmtpPhase = 'connect';
  const connection = new SMTPConnection(connectionOptions(settings));
  // An 'error' event without a listener would kill the process; step() reports them.
  connection.on('error', () => {});
  try {
    await step<void>(connection, (done) => connection.connect((error) => done(error)));
    phase = 'auth';
    await step<boolean>(connection, (done) =>
      connection.login({ user: submission.auth.user, pass: submission.auth.pass }, done),
    );
    phase = 'envelope';
    const message = trackedMessage(
      submission.message,
      () => (phase = 'data'),
      () => (phase = 'data_done'),
    );
    const info = await step<SMTPConnection.SentMessageInfo>(connection, (done) =>
      connection.send(
        {
          from: submission.from,
          to: submission.recipients,
          size: submission.message.length,
        },
        message,
        done,
      ),
    );
    connection.quit();
    return { status: 'sent', refused: refusedOf(info.rejectedErrors) };
  } catch (error) {
    connection.close();
    return classifySmtpFailure(error, phase, settings.endpoint);
  }
}

function refusedOf(errors: SmtpErrorFields['rejectedErrors']): RefusedRecipients {
  return (errors ?? []).map((e) => ({
    address: e.recipient ?? '',
    reply: oneLine(e.response ?? ''),
  }));
}

function oneLine(reply: string): string {
  return reply.replace(/\s+/g, ' ').trim().slice(0, 500);
}

function saying(e: SmtpErrorFields): string {
  return e.response ? ` The server said: "${oneLine(e.response)}"` : '';
}

/** 552 on MAIL FROM or after DATA, or RFC 3463's 5.3.4: the message is over the server's limit. */
function tooLarge(e: SmtpErrorFields): boolean {
  return e.responseCode === 552 || /\b5\.3\.4\b/.test(e.response ?? '');
}

const transient = (e: SmtpErrorFields) =>
  e.responseCode !== undefined && e.responseCode >= 400 && e.responseCode < 500;

/** What failed on the way to the server, for the user (and for the administrator, who reads it too). */
function connectionProblem(e: SmtpErrorFields, endpoint: ServerEndpoint): string {
  const where = `${endpoint.host}:${endpoint.port}`;
  const code = e.originalCode ?? e.code ?? '';
  const message = e.message ?? '';
  if (code === 'ECONNREFUSED') return `nothing accepts connections at ${where}`;
  if (code === 'EDNS' || code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `the host name ${endpoint.host} does not resolve`;
  if (code === 'ETIMEDOUT' || code === 'GREETING_TIMEOUT') return `${where} did not answer in time`;
  if (/CERT|certificate|self.signed|UNABLE_TO_VERIFY/i.test(`${code} ${message}`))
    return `the certificate of ${where} is not trusted; set TERN_TLS_CA_FILE to its CA`;
  if (code === 'ETLS' || /STARTTLS|TLS/i.test(message))
    return `no secure connection to ${where}; is TERN_SMTP_TLS (${endpoint.tls}) right for that port?`;
  if (e.responseCode) return `${where} answered "${oneLine(e.response ?? '')}"`;
  return `the connection to ${where} failed (${code || 'unknown error'})`;
}

/**
 * What a failed submission means, from nodemailer's error and how far the submission had got.
 * Pure, so every row of the table is unit-tested.
 */
export function classifySmtpFailure(
  error: unknown,
  phase: SmtpPhase,
  endpoint: ServerEndpoint,
): Submitted {
  const e = (error ?? {}) as SmtpErrorFields;
  const notSent = (code: NotSentCode, reason: string, refused?: RefusedRecipients): Submitted =>
    refused ? { status: 'not_sent', code, reason, refused } : { status: 'not_sent', code, reason };

  if (e.code === 'EAUTH') {
    if (e.responseCode === 535)
      return {
        status: 'auth_failed',
        reason: 'The mail server no longer accepts your password. Sign in again.',
      };
    return notSent(
      'smtp_unavailable',
      `The mail server did not let Tern sign in to send. Nothing was sent.${saying(e)}`,
    );
  }
  if (e.command === 'RCPT TO') {
    return notSent(
      'recipients_refused',
      `The mail server refused every recipient. Nothing was sent.${saying(e)}`,
      refusedOf(e.rejectedErrors),
    );
  }
  if (e.command === 'MAIL FROM' || e.command === 'DATA') {
    if (tooLarge(e) || (e.code === 'EMESSAGE' && e.command === 'MAIL FROM' && !e.responseCode))
      return notSent(
        'too_large',
        `The message is larger than the mail server accepts. Nothing was sent; remove some attachments.${saying(e)}`,
      );
    if (transient(e))
      return notSent(
        'smtp_unavailable',
        `The mail server cannot take the message right now. Nothing was sent; try again later.${saying(e)}`,
      );
    if (e.command === 'MAIL FROM')
      return notSent(
        'sender_refused',
        `The mail server does not let you send from your address. Nothing was sent.${saying(e)}`,
      );
    return notSent('refused', `The mail server refused the message. Nothing was sent.${saying(e)}`);
  }
  // The connection failed. Once the last byte was handed over, silence means it may have arrived.
  if (phase === 'data_done' && !e.responseCode) {
    return {
      status: 'unknown',
      reason:
        'The connection to the mail server was lost after the whole message was handed over, before the server confirmed it. It may have been sent: check with the recipients before sending it again.',
    };
  }
  return notSent(
    'smtp_unavailable',
    `Tern cannot reach the mail server for sending: ${connectionProblem(e, endpoint)}. Nothing was sent; try again in a minute.`,
  );
}
