/** Installs the Debian packages the stack needs, when they are missing and we may. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { StackError, isRoot } from './system.ts';

const required = [
  { binary: '/usr/sbin/dovecot', pkg: 'dovecot-imapd' },
  { binary: '/usr/lib/dovecot/lmtp', pkg: 'dovecot-lmtpd' },
  { binary: '/usr/sbin/postfix', pkg: 'postfix' },
  { binary: '/usr/bin/openssl', pkg: 'openssl' },
];
/** Full-text search for Dovecot (dovecot-conf.ts); a stack started with TERN_STACK_FTS=off runs without it. */
const ftsPlugin = {
  binary: '/usr/lib/dovecot/modules/lib21_fts_xapian_plugin.so',
  pkg: 'dovecot-fts-xapian',
};

export function missingPackages(options: { fts: boolean }): string[] {
  return [...required, ...(options.fts ? [ftsPlugin] : [])]
    .filter((r) => !existsSync(r.binary))
    .map((r) => r.pkg);
}

function apt(args: string[]): void {
  const result = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new StackError(`apt-get ${args.join(' ')} failed`);
}

export function ensurePackages(options: { fts: boolean }, log: (line: string) => void): void {
  const missing = missingPackages(options);
  if (missing.length === 0) return;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new StackError(
      `the mail stack needs these Debian packages: ${missing.join(' ')}.\n` +
        `Install them as root: apt-get install -y --no-install-recommends ${missing.join(' ')}` +
        (missing.includes(ftsPlugin.pkg)
          ? '\n(or run the stack without full-text search: TERN_STACK_FTS=off)'
          : ''),
    );
  }
  log(`installing ${missing.join(' ')} from Debian...`);
  // Postfix asks a question at install time unless it is answered beforehand.
  spawnSync('debconf-set-selections', {
    input: 'postfix postfix/main_mailer_type select No configuration\n',
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  apt(['update', '-q']);
  apt(['install', '-y', '-q', '--no-install-recommends', ...missing]);
}
