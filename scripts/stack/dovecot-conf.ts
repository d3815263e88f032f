/** Renders a private Dovecot 2.3 configuration: loopback only, passwd-file users, Maildir, special-use folders. */
import path from 'node:path';
import type { StackOptions } from './options.ts';
import { stackPaths } from './options.ts';

export const specialUseFolders = [
  { name: 'Drafts', flag: '\\Drafts' },
  { name: 'Sent', flag: '\\Sent' },
  { name: 'Archive', flag: '\\Archive' },
  { name: 'Junk', flag: '\\Junk' },
  { name: 'Trash', flag: '\\Trash' },
] as const;

/** A stable, short instance name per runtime folder so two stacks never share Dovecot state. */
export function instanceName(dir: string): string {
  let hash = 0;
  for (const char of path.resolve(dir)) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `tern-${hash.toString(36)}`;
}

/**
 * Dovecot's default of 100 processes per service would cap a stack at about 100 signed-in users:
 * each connection has its own imap process, and its own imap-login process while TLS is proxied.
 * A Tern user with a live stream holds two (the INBOX watch and the pool's connection from the
 * sign-in, until its idle logout), and a benchmark's reference process as many again.
 */
export function processLimit(options: StackOptions): number {
  return Math.max(1024, options.users.length * 3);
}

export function renderDovecotConf(options: StackOptions): string {
  const p = stackPaths(options.dir);
  const processes = processLimit(options);
  const mailboxes = specialUseFolders
    .map((f) => `  mailbox ${f.name} {\n    special_use = ${f.flag}\n    auto = subscribe\n  }`)
    .join('\n');
  return `# Written by scripts/mailstack for this runtime folder only; never edit /etc.
instance_name = ${instanceName(options.dir)}
base_dir = ${p.dovecotRun}
state_dir = ${p.dovecotState}
log_path = ${path.join(p.logs, 'dovecot.log')}
info_log_path = ${path.join(p.logs, 'dovecot.log')}
protocols = imap lmtp
listen = 127.0.0.1

ssl = yes
ssl_cert = <${p.certFile}
ssl_key = <${p.keyFile}
ssl_min_protocol = TLSv1.2
# Loopback test stack: LOGIN without STARTTLS is allowed so clients can choose any TLS mode.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tern logs in for every user from one address. Trusting it lets Tern name each browser's address
# (ID x-originating-ip), so Dovecot's penalty for failed logins (up to 15 s) falls on that browser
# and not on every Tern user at once.
login_trusted_networks = 127.0.0.1/32

# Room for the raised process limits below: every login and imap process keeps a connection to
# anvil, and login processes to auth (Dovecot warns when a client limit is lower than that).
default_client_limit = ${Math.max(4096, processes * 2 + 100)}
# A 100,000-message folder needs more than the default 256 MB to sync.
default_vsz_limit = 1G
mail_max_userip_connections = ${options.maxUserIpConnections}
first_valid_uid = ${options.mailUid}
last_valid_uid = ${options.mailUid}
mail_uid = ${options.mailUid}
mail_gid = ${options.mailUid}
mail_location = maildir:~/Maildir
mail_fsync = never
${options.fts ? ftsSettings() : '# Full-text search is off (TERN_STACK_FTS=off): every SEARCH reads the mail itself.'}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${p.usersFile}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${p.usersFile}
  default_fields = uid=${options.mailUid} gid=${options.mailUid} home=${p.mail}/%d/%n
}

namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}

service imap-login {
  process_limit = ${processes}
  inet_listener imap {
    address = 127.0.0.1
    port = ${options.ports.imap}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${options.ports.imaps}
    ssl = yes
  }
}
service imap {
  process_limit = ${processes}
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${options.ports.lmtp}
  }
}
service auth {
  # Postfix's submission service authenticates users through this socket.
  unix_listener auth-postfix {
    mode = 0660
    user = postfix
    group = postfix
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
  inet_listener pop3s {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
protocol imap {
  mail_max_userip_connections = ${options.maxUserIpConnections}
}
`;
}

/**
 * Full-text search with Debian's dovecot-fts-xapian (1.5.5 on bookworm). Measured choices (see
 * bench/search.ts and tests/integration/search-api.test.ts for what users get):
 * - partial=2: words are indexed as every substring of 2 to 20 characters (Xapian n-grams), so a
 *   search for part of a word still finds it, as Dovecot's own substring search does. The
 *   plugin's default of 3 would lose two-character words, and Japanese and Chinese words are
 *   often two characters (会議, 東京, 田中); it costs about 20% more indexing time and space.
 * - fts_autoindex: mail that arrives (LMTP, APPEND: sent copies, drafts) is indexed in the
 *   background by the indexer service, so a search rarely waits for it. Mail written behind
 *   Dovecot's back (the seeder) is indexed by the first body search of its folder, or ahead of
 *   time by `doveadm index` (seedDemo queues it).
 * - fts_enforced=no (Dovecot's default): when the index cannot be used, Dovecot answers by
 *   reading the mail, slowly but correctly, rather than failing the search.
 * - fts_index_timeout: a body search in a folder that was never indexed waits for the indexer,
 *   and 100,000 messages take 10 to 15 minutes; past 30 s the SEARCH fails with NO [INUSE] while
 *   indexing goes on in the background, instead of holding one of the user's few connections.
 * Xapian answers every text, body and header criterion, SUBJECT/FROM/TO/CC included: see the
 * search test for where its matching differs from Dovecot's substring search. The index lives
 * beside the mail, in each user's Maildir/xapian-indexes.
 */
function ftsSettings(): string {
  return `mail_plugins = $mail_plugins fts fts_xapian
plugin {
  fts = xapian
  fts_xapian = partial=2 full=20 verbose=0
  fts_autoindex = yes
  fts_enforced = no
  fts_index_timeout = 30s
}`;
}

/** Dovecot's passwd-file format: user:{scheme}password:uid:gid::home (empty fields come from default_fields). */
export function renderUsersFile(options: StackOptions): string {
  return options.users.map((u) => `${u.email}:{PLAIN}${u.password}::::::`).join('\n') + '\n';
}
