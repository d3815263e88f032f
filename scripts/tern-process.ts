/** Starts Tern's own server (server.ts, production build) as a child process, for tests and benchmarks. */
import { spawn } from 'node:child_process';

export interface TernProcess {
  url: string;
  pid: number;
  exitCode: Promise<number | null>;
  output: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Closes the reading end of the server's output at once, as a log reader that went away. */
  closeOutput?: boolean;
}

export function startTern(
  port: number,
  env: Record<string, string>,
  options: StartOptions = {},
): TernProcess {
  let output = '';
  const child = spawn(process.execPath, ['server.ts', '--port', String(port)], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.closeOutput) {
    child.stdout.destroy();
    child.stderr.destroy();
  } else {
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  }
  // A test or benchmark that crashes must not leave its server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exitCode = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    exitCode,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exitCode;
    },
  };
}

/** Resolves once the server answers at all (any status), or fails with what it printed. */
export async function waitUntilListening(tern: TernProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void tern.exitCode.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      await fetch(`${tern.url}/api/health`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Tern did not start:\n${tern.output()}`);
}
