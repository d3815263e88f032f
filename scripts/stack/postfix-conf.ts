/** Renders a private Postfix 3.7 configuration that accepts mail for the stack's domain only and hands it to Dovecot over LMTP. */
import path from 'node:path';
import type { StackOptions } from './options.ts';
import { stackPaths } from './options.ts';

export function renderMainCf(options: StackOptions): string {
  const p = stackPaths(options.dir);
  const nowhere = 'error:the Tern mail stack delivers to its own domain only';
  return `# Written by scripts/mailstack for this runtime folder only; never edit /etc.
compatibility_level = 3.6
queue_directory = ${p.postfixSpool}
data_directory = ${p.postfixData}
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${path.join(p.logs, 'postfix.log')}
maillog_file_prefixes = ${p.logs}

myhostname = mail.${options.domain}
mydomain = ${options.domain}
myorigin = ${options.domain}
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
biff = no
alias_maps =
alias_database =

virtual_mailbox_domains = ${options.domain}
virtual_mailbox_maps = texthash:${path.join(p.postfixEtc, 'vmailbox')}
virtual_transport = lmtp:inet:127.0.0.1:${options.ports.lmtp}
default_transport = ${nowhere}
relay_transport = ${nowhere}
local_transport = ${nowhere}

smtpd_tls_cert_file = ${p.certFile}
smtpd_tls_key_file = ${p.keyFile}
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = ${path.join(p.dovecotRun, 'auth-postfix')}
smtpd_sasl_auth_enable = no
smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated reject_unauth_destination
message_size_limit = 52428800
`;
}

/** Every service unchrooted: a chroot would need copies of /etc files in the queue folder. */
export function renderMasterCf(options: StackOptions): string {
  const services = [
    `127.0.0.1:${options.ports.smtp} inet n - n - - smtpd`,
    `127.0.0.1:${options.ports.submission} inet n - n - - smtpd`,
    '  -o syslog_name=postfix/submission',
    '  -o smtpd_tls_security_level=encrypt',
    '  -o smtpd_sasl_auth_enable=yes',
    '  -o smtpd_tls_auth_only=yes',
    '  -o smtpd_client_restrictions=permit_sasl_authenticated,reject',
    '  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject',
    'pickup unix n - n 60 1 pickup',
    'cleanup unix n - n - 0 cleanup',
    'qmgr unix n - n 300 1 qmgr',
    'tlsmgr unix - - n 1000? 1 tlsmgr',
    'rewrite unix - - n - - trivial-rewrite',
    'bounce unix - - n - 0 bounce',
    'defer unix - - n - 0 bounce',
    'trace unix - - n - 0 bounce',
    'verify unix - - n - 1 verify',
    'flush unix n - n 1000? 0 flush',
    'proxymap unix - - n - - proxymap',
    'proxywrite unix - - n - 1 proxymap',
    'smtp unix - - n - - smtp',
    'relay unix - - n - - smtp',
    'showq unix n - n - - showq',
    'error unix - - n - - error',
    'retry unix - - n - - error',
    'discard unix - - n - - discard',
    'lmtp unix - - n - - lmtp',
    'anvil unix - - n - 1 anvil',
    'scache unix - - n - 1 scache',
    'postlog unix-dgram n - n - 1 postlogd',
  ];
  return services.join('\n') + '\n';
}

export function renderVirtualMailboxes(options: StackOptions): string {
  return options.users.map((u) => `${u.email} OK`).join('\n') + '\n';
}
