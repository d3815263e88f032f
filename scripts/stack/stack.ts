/** Starts, stops and reports a private Dovecot + Postfix pair from one runtime folder. */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { instanceName, renderDovecotConf, renderUsersFile } from './dovecot-conf.ts';
import { ensurePackages } from './install.ts';
import type { StackOptions } from './options.ts';
import { stackOptions, stackPaths } from './options.ts';
import { renderMainCf, renderMasterCf, renderVirtualMailboxes } from './postfix-conf.ts';
import {
  StackError,
  isRoot,
  portAcceptsConnections,
  run,
  runningPid,
  startDaemon,
  stopPid,
  waitFor,
} from './system.ts';
import { raiseInotifyLimit } from './inotify-limit.ts';

type Log = (line: string) => void;

export interface StackStatus {
  dir: string;
  dovecot: number | undefined;
  postfix: number | undefined;
  ports: StackOptions['ports'] | undefined;
}

function writeFile(file: string, content: string, mode = 0o644): void {
  writeFileSync(file, content, { mode });
  chmodSync(file, mode);
}

function ensureCertificate(options: StackOptions, log: Log): void {
  const p = stackPaths(options.dir);
  if (existsSync(p.certFile) && existsSync(p.keyFile)) return;
  log('making a self-signed certificate for 127.0.0.1 and localhost...');
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    p.keyFile,
    '-out',
    p.certFile,
  ]);
  chmodSync(p.keyFile, 0o600);
  chmodSync(p.certFile, 0o644);
}

function writeConfiguration(options: StackOptions): void {
  const p = stackPaths(options.dir);
  for (const dir of [
    p.etc,
    p.dovecotRun,
    p.dovecotState,
    p.postfixEtc,
    p.postfixSpool,
    p.tls,
    p.logs,
    p.mail,
  ]) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  }
  // Postfix refuses a queue or config folder that others may write to.
  for (const dir of [options.dir, p.postfixEtc, path.dirname(p.postfixEtc), p.postfixSpool])
    chmodSync(dir, 0o755);
  mkdirSync(p.postfixData, { recursive: true, mode: 0o700 });
  chownSync(p.postfixData, uidOf('postfix'), gidOf('postfix'));
  chownSync(p.mail, options.mailUid, options.mailUid);

  writeFile(p.dovecotConf, renderDovecotConf(options));
  writeFile(p.usersFile, renderUsersFile(options), 0o640);
  chownSync(p.usersFile, 0, gidOf('dovecot'));
  writeFile(path.join(p.postfixEtc, 'main.cf'), renderMainCf(options));
  writeFile(path.join(p.postfixEtc, 'master.cf'), renderMasterCf(options));
  writeFile(path.join(p.postfixEtc, 'vmailbox'), renderVirtualMailboxes(options));
  writeFile(
    p.stateFile,
    JSON.stringify(
      { ports: options.ports, domain: options.domain, users: options.users, fts: options.fts },
      null,
      2,
    ),
  );
}

function idOf(flag: '-u' | '-g', name: string): number {
  const result = spawnSync('id', [flag, name], { encoding: 'utf8' });
  const id = Number.parseInt(result.stdout, 10);
  if (!Number.isInteger(id))
    throw new StackError(
      `system account '${name}' is missing; reinstall the Debian package that creates it`,
    );
  return id;
}
const uidOf = (name: string) => idOf('-u', name);
const gidOf = (name: string) => idOf('-g', name);

async function ensurePortsFree(ports: number[]): Promise<void> {
  for (const port of ports) {
    if (await portAcceptsConnections(port)) {
      throw new StackError(
        `port 127.0.0.1:${port} is already taken by another program; stop it or choose other ports (--port-offset N)`,
      );
    }
  }
}

interface Daemon {
  name: string;
  pidFile: string;
  command: string;
  args: string[];
  ports: number[];
  description: string;
}

async function startDaemonOnce(daemon: Daemon, logs: string, log: Log): Promise<void> {
  const running = runningPid(daemon.pidFile);
  if (running) return log(`${daemon.name} already running (pid ${running})`);
  await ensurePortsFree(daemon.ports);
  startDaemon(daemon.command, daemon.args, path.join(logs, `${daemon.name}-start.log`));
  const listening = async () => {
    for (const port of daemon.ports) if (!(await portAcceptsConnections(port))) return false;
    return true;
  };
  await waitFor(`${daemon.name} to listen`, listening);
  log(`${daemon.name} started: ${daemon.description}`);
}

function daemons(options: StackOptions): Daemon[] {
  const p = stackPaths(options.dir);
  const { imap, imaps, lmtp, smtp, submission } = options.ports;
  return [
    {
      name: 'dovecot',
      pidFile: p.dovecotPid,
      command: '/usr/sbin/dovecot',
      args: ['-c', p.dovecotConf],
      ports: [imap, imaps, lmtp],
      description: `IMAP 127.0.0.1:${imap} (STARTTLS), IMAPS ${imaps}, LMTP ${lmtp}`,
    },
    {
      name: 'postfix',
      pidFile: p.postfixPid,
      command: '/usr/sbin/postfix',
      args: ['-c', p.postfixEtc, 'start'],
      ports: [smtp, submission],
      description: `SMTP 127.0.0.1:${smtp}, submission ${submission} (STARTTLS + SASL)`,
    },
  ];
}

/** Idempotent: a stack that already runs is left as it is. */
export async function up(options: StackOptions, log: Log = console.log): Promise<void> {
  ensurePackages(options, log);
  if (!isRoot()) {
    throw new StackError(
      'the mail stack must be started as root (Postfix and Dovecot switch users); run it with sudo',
    );
  }
  const p = stackPaths(options.dir);
  const alreadyUp = runningPid(p.dovecotPid) && runningPid(p.postfixPid);
  if (alreadyUp) {
    log(`mail stack already running in ${options.dir}`);
    return;
  }
  mkdirSync(options.dir, { recursive: true });
  mkdirSync(p.tls, { recursive: true });
  ensureCertificate(options, log);
  writeConfiguration(options);
  raiseInotifyLimit(options, log);
  for (const daemon of daemons(options)) await startDaemonOnce(daemon, p.logs, log);
}

/** Stops only what this runtime folder's pid files name. */
export async function down(dir: string, log: Log = console.log): Promise<void> {
  const p = stackPaths(dir);
  const postfix = runningPid(p.postfixPid);
  if (postfix) {
    await stopPid(postfix, 'postfix');
    log('postfix stopped');
  }
  const dovecot = await stopDovecot(dir);
  if (dovecot) log('dovecot stopped');
  if (!postfix && !dovecot) log(`mail stack in ${dir} was not running`);
}

/** Stops Dovecot alone (tests use it to see Tern survive a mail server outage); `up` starts it again. */
export async function stopDovecot(dir: string): Promise<boolean> {
  const dovecot = runningPid(stackPaths(dir).dovecotPid);
  if (!dovecot) return false;
  await stopPid(dovecot, 'dovecot');
  // Connections that are logged in keep their imap processes alive after the master exits.
  const stragglers = () => dovecotProcesses(dir);
  for (const pid of stragglers()) signal(pid, 'SIGTERM');
  await waitFor('Dovecot processes to exit', () => stragglers().length === 0, 3000).catch(() => {
    for (const pid of stragglers()) signal(pid, 'SIGKILL');
  });
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/** Dovecot titles its processes with the instance name, which is unique to the runtime folder. */
export function dovecotProcesses(dir: string): number[] {
  const prefix = `dovecot-${instanceName(dir)}/`;
  const result = spawnSync(
    'pgrep',
    ['-f', `^(${prefix}|/usr/sbin/dovecot -c ${stackPaths(dir).dovecotConf})`],
    { encoding: 'utf8' },
  );
  return result.stdout.split('\n').filter(Boolean).map(Number);
}

/** `fts` is missing from stacks set up before full-text search (they take the default). */
type SavedState = Pick<StackOptions, 'ports' | 'domain' | 'users'> &
  Partial<Pick<StackOptions, 'fts'>>;

/** What `up` wrote to stack.json, if it ever ran for this folder. */
function readState(dir: string): SavedState | undefined {
  const file = stackPaths(dir).stateFile;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SavedState) : undefined;
}

export function status(dir: string): StackStatus {
  const p = stackPaths(dir);
  return {
    dir,
    dovecot: runningPid(p.dovecotPid),
    postfix: runningPid(p.postfixPid),
    ports: readState(dir)?.ports,
  };
}

/** The options a running (or previously started) stack was started with, so seed and tests need only its folder. */
export function savedOptions(dir: string): StackOptions {
  const saved = readState(dir);
  if (!saved)
    throw new StackError(`no mail stack has been set up in ${dir}; run 'mailstack up' first`);
  return stackOptions({ dir, ...saved });
}
