/** Small process helpers for the mail stack: run a command, check a pid, wait for a port. */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export class StackError extends Error {}

/** Runs a command to completion; its output goes to the returned strings, never to our terminal. */
export function run(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ?? process.env,
  });
  if (result.error) throw new StackError(`${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr}${result.stdout}`.trim().split('\n').slice(-5).join('\n');
    throw new StackError(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/**
 * Starts a program that daemonizes itself. Its output goes to a log file: a daemon that inherited
 * our pipes would keep them open and make the caller (or a pipeline like `up | tail`) wait forever.
 */
export function startDaemon(command: string, args: string[], logFile: string): void {
  const fd = openSync(logFile, 'a');
  try {
    const result = spawnSync(command, args, { stdio: ['ignore', fd, fd] });
    if (result.error) throw new StackError(`${command}: ${result.error.message}`);
    if (result.status !== 0) {
      const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      throw new StackError(
        `${command} ${args.join(' ')} failed (exit ${result.status}); see ${logFile}:\n${tail}`,
      );
    }
  } finally {
    closeSync(fd);
  }
}

export function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function runningPid(pidFile: string): number | undefined {
  const pid = readPid(pidFile);
  return isAlive(pid) ? pid : undefined;
}

export function portAcceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new StackError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

export async function stopPid(pid: number, what: string): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await waitFor(`${what} (pid ${pid}) to exit`, () => !isAlive(pid), 10_000);
  } catch {
    process.kill(pid, 'SIGKILL');
  }
}

export function isRoot(): boolean {
  return process.getuid?.() === 0;
}
