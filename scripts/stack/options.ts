/**
 * Where a private mail stack lives and which loopback ports it listens on.
 * Several stacks (demo, tests, bench) run side by side by giving each its own folder and ports.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StackUser {
  email: string;
  password: string;
}

export interface StackPorts {
  imap: number;
  imaps: number;
  lmtp: number;
  smtp: number;
  submission: number;
}

export interface StackOptions {
  /** Runtime folder holding every config file, pid, log, certificate and mailbox of this stack. */
  dir: string;
  ports: StackPorts;
  domain: string;
  users: StackUser[];
  /** Dovecot's per user+address connection cap; tests open more connections than a real user. */
  maxUserIpConnections: number;
  /** Numeric owner of the mail files; needs no passwd entry. */
  mailUid: number;
  /**
   * Dovecot full-text search (Debian's dovecot-fts-xapian) for body searches. On unless
   * TERN_STACK_FTS=off, which runs a plain Dovecot (what Tern meets on a server without FTS).
   */
  fts: boolean;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const defaultPorts: StackPorts = {
  imap: 10143,
  imaps: 10993,
  lmtp: 10024,
  smtp: 10025,
  submission: 10587,
};

export const demoDomain = 'tern.test';

export const defaultUsers: StackUser[] = [
  { email: `demo@${demoDomain}`, password: 'demo-password' },
  { email: `alice@${demoDomain}`, password: 'alice-password' },
  { email: `bob@${demoDomain}`, password: 'bob-password' },
];

export function withPortOffset(offset: number): StackPorts {
  const p = defaultPorts;
  return {
    imap: p.imap + offset,
    imaps: p.imaps + offset,
    lmtp: p.lmtp + offset,
    smtp: p.smtp + offset,
    submission: p.submission + offset,
  };
}

export function stackOptions(overrides: Partial<StackOptions> = {}): StackOptions {
  return {
    dir: path.join(repoRoot, '.mailstack'),
    ports: defaultPorts,
    domain: demoDomain,
    users: defaultUsers,
    maxUserIpConnections: 20,
    mailUid: 5000,
    fts: process.env.TERN_STACK_FTS !== 'off',
    ...overrides,
  };
}

/** Paths inside a runtime folder, named once so every module agrees. */
export function stackPaths(dir: string) {
  return {
    etc: path.join(dir, 'etc'),
    dovecotConf: path.join(dir, 'etc', 'dovecot.conf'),
    usersFile: path.join(dir, 'etc', 'users'),
    dovecotRun: path.join(dir, 'run', 'dovecot'),
    dovecotPid: path.join(dir, 'run', 'dovecot', 'master.pid'),
    dovecotState: path.join(dir, 'state', 'dovecot'),
    postfixEtc: path.join(dir, 'postfix', 'etc'),
    postfixSpool: path.join(dir, 'postfix', 'spool'),
    postfixData: path.join(dir, 'postfix', 'data'),
    postfixPid: path.join(dir, 'postfix', 'spool', 'pid', 'master.pid'),
    tls: path.join(dir, 'tls'),
    certFile: path.join(dir, 'tls', 'cert.pem'),
    keyFile: path.join(dir, 'tls', 'key.pem'),
    logs: path.join(dir, 'log'),
    mail: path.join(dir, 'mail'),
    stateFile: path.join(dir, 'stack.json'),
  };
}

export type StackPaths = ReturnType<typeof stackPaths>;

/** Maildir root of one user, as the Dovecot config below lays it out. */
export function userMaildir(dir: string, email: string): string {
  const [local, domain] = email.split('@');
  return path.join(stackPaths(dir).mail, domain ?? demoDomain, local ?? email, 'Maildir');
}
