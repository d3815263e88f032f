/**
 * Tern's configuration: environment variables, read and validated once. The administrator
 * chooses the mail servers; users never do. A bad value stops the server with a one-line
 * message that names the variable.
 */
import 'server-only';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { TlsMode } from './mail/types';
import { parseAllowedHost } from './proxy/target';
import type { SessionPolicy } from './session';

export interface ServerEndpoint {
  host: string;
  port: number;
  tls: TlsMode;
}

export interface TernConfig {
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  /** Extra trusted certificate(s) in PEM, for a private CA or a self-signed server. */
  tlsCa: string | undefined;
  tlsCaFile: string | undefined;
  sessionSecret: string;
  publicUrl: URL;
  session: SessionPolicy;
  imapPool: {
    /** An unused IMAP connection is logged out after this long. */
    idleMs: number;
    /** Connections one user may hold at once (Dovecot allows 10 per user and address). */
    maxPerUser: number;
  };
  loginLimits: {
    /** Failed sign-ins per account within the window before it is refused for a while. */
    perAccount: number;
    /** Failed sign-ins per client address within the window. */
    perAddress: number;
    windowMs: number;
  };
  imageProxy: {
    /** Off: remote content stays blocked even when a user asks for it. */
    enabled: boolean;
    /** An image larger than this is refused (or cut off while streaming). */
    maxBytes: number;
    /** One image, redirects included, must arrive within this long. */
    timeoutMs: number;
    /** Loopback host:port pairs the proxy may reach anyway: for tests, never in production. */
    allowHosts: string[];
  };
  compose: {
    /** The most the attachments of one message may add up to, decoded (as the user counts). */
    attachmentMaxBytes: number;
    /**
     * Uploaded attachments wait here until a draft holding them is saved to Drafts. Several Tern
     * instances behind one load balancer must share it (or route a user to one instance).
     */
    uploadDir: string;
    /** The SMTP server files a copy in Sent itself, so Tern does not APPEND one. */
    smtpSavesSent: boolean;
    /** The default wait, with Undo, before a message goes to the SMTP server. */
    undoSendSeconds: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Like isMailError: `instanceof` fails when Next loads this module in more than one bundle. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof Error && error.name === 'ConfigError';
}

const tlsMode = z.enum(['implicit', 'starttls', 'none'], {
  error: (issue) => `must be one of implicit, starttls, none (got '${String(issue.input)}')`,
});
const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole port number')
  .min(1, 'must be a port from 1 to 65535')
  .max(65535, 'must be a port from 1 to 65535');
const host = z.string().trim().min(1, 'must name a host');
const count = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be from ${min} to ${max}`)
    .max(max, `must be from ${min} to ${max}`);

/** A comma-separated list of loopback host:port pairs, as their normalised keys. */
const allowHosts = z
  .string()
  .transform((value, context) => {
    const keys: string[] = [];
    for (const entry of value.split(',').filter((e) => e.trim())) {
      const parsed = parseAllowedHost(entry);
      if ('problem' in parsed) {
        context.addIssue({ code: 'custom', message: `${parsed.problem} (for tests only)` });
        return z.NEVER;
      }
      keys.push(parsed.key);
    }
    return keys;
  })
  .default([]);

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const schema = z.object({
  TERN_IMAP_HOST: host.default('127.0.0.1'),
  TERN_IMAP_PORT: port.default(10143),
  TERN_IMAP_TLS: tlsMode.default('starttls'),
  TERN_SMTP_HOST: host.default('127.0.0.1'),
  TERN_SMTP_PORT: port.default(10587),
  TERN_SMTP_TLS: tlsMode.default('starttls'),
  TERN_TLS_CA_FILE: z.string().trim().min(1).optional(),
  TERN_SESSION_SECRET: z
    .string({
      error:
        'is missing: set it to a random string of at least 32 characters (e.g. `openssl rand -base64 32`)',
    })
    .min(32, 'must be at least 32 characters long (e.g. `openssl rand -base64 32`)'),
  TERN_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// URL, e.g. https://mail.example.com',
    })
    .default('http://127.0.0.1:3000'),
  TERN_SESSION_IDLE_MINUTES: count(1, 7 * 24 * 60).default(30),
  TERN_SESSION_MAX_HOURS: count(1, 24 * 365).default(12),
  TERN_SESSION_REMEMBER_DAYS: count(1, 365).default(30),
  TERN_IMAP_IDLE_MINUTES: count(1, 24 * 60).default(5),
  TERN_IMAP_MAX_CONNECTIONS_PER_USER: count(1, 10).default(3),
  TERN_LOGIN_MAX_FAILURES_PER_ACCOUNT: count(1, 100_000).default(10),
  TERN_LOGIN_MAX_FAILURES_PER_ADDRESS: count(1, 100_000).default(30),
  TERN_LOGIN_WINDOW_MINUTES: count(1, 24 * 60).default(15),
  TERN_IMAGE_PROXY: z
    .enum(['on', 'off'], {
      error: (issue) => `must be on or off (got '${String(issue.input)}')`,
    })
    .default('on'),
  TERN_IMAGE_PROXY_MAX_MB: count(1, 50).default(5),
  TERN_IMAGE_PROXY_TIMEOUT_SECONDS: count(1, 60).default(10),
  TERN_IMAGE_PROXY_ALLOW_HOSTS: allowHosts,
  TERN_ATTACHMENT_MAX_MB: count(1, 35).default(25),
  TERN_UPLOAD_DIR: z.string().trim().min(1).optional(),
  TERN_SMTP_SAVES_SENT: z
    .enum(['on', 'off'], {
      error: (issue) => `must be on or off (got '${String(issue.input)}')`,
    })
    .default('off'),
  TERN_UNDO_SEND_SECONDS: count(0, 30).default(5),
});

/** Empty variables count as unset, as they do in most .env files. */
function withoutEmpty(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): TernConfig {
  const result = schema.safeParse(withoutEmpty(env));
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? 'configuration');
    throw new ConfigError(`${name} ${issue?.message ?? 'is invalid'}`);
  }
  const c = result.data;
  return {
    imap: { host: c.TERN_IMAP_HOST, port: c.TERN_IMAP_PORT, tls: c.TERN_IMAP_TLS },
    smtp: { host: c.TERN_SMTP_HOST, port: c.TERN_SMTP_PORT, tls: c.TERN_SMTP_TLS },
    tlsCa: c.TERN_TLS_CA_FILE ? readCaFile(c.TERN_TLS_CA_FILE) : undefined,
    tlsCaFile: c.TERN_TLS_CA_FILE,
    sessionSecret: c.TERN_SESSION_SECRET,
    publicUrl: new URL(c.TERN_PUBLIC_URL),
    session: {
      idleMs: c.TERN_SESSION_IDLE_MINUTES * minute,
      absoluteMs: c.TERN_SESSION_MAX_HOURS * hour,
      rememberAbsoluteMs: c.TERN_SESSION_REMEMBER_DAYS * day,
    },
    imapPool: {
      idleMs: c.TERN_IMAP_IDLE_MINUTES * minute,
      maxPerUser: c.TERN_IMAP_MAX_CONNECTIONS_PER_USER,
    },
    loginLimits: {
      perAccount: c.TERN_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perAddress: c.TERN_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: c.TERN_LOGIN_WINDOW_MINUTES * minute,
    },
    imageProxy: {
      enabled: c.TERN_IMAGE_PROXY === 'on',
      maxBytes: c.TERN_IMAGE_PROXY_MAX_MB * 1024 * 1024,
      timeoutMs: c.TERN_IMAGE_PROXY_TIMEOUT_SECONDS * 1000,
      allowHosts: c.TERN_IMAGE_PROXY_ALLOW_HOSTS,
    },
    compose: {
      attachmentMaxBytes: c.TERN_ATTACHMENT_MAX_MB * 1024 * 1024,
      uploadDir: c.TERN_UPLOAD_DIR ?? path.join(tmpdir(), 'tern-uploads'),
      smtpSavesSent: c.TERN_SMTP_SAVES_SENT === 'on',
      undoSendSeconds: c.TERN_UNDO_SEND_SECONDS,
    },
  };
}

function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new ConfigError(`TERN_TLS_CA_FILE ${reason}: ${file}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(`TERN_TLS_CA_FILE is not a PEM certificate file: ${file}`);
  }
  return pem;
}

let cached: TernConfig | undefined;

/** The process's configuration, parsed on first use (not at import, so builds need no secrets). */
export function getConfig(): TernConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
