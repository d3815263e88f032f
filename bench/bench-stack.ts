/**
 * The benchmarks' own mail stack: its folder, ports (+20000) and as many users as a benchmark
 * needs, so it never disturbs the demo or the test stack.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  defaultUsers,
  demoDomain,
  repoRoot,
  stackOptions,
  stackPaths,
  withPortOffset,
  type StackOptions,
  type StackUser,
} from '../scripts/stack/options.ts';
import { down, up } from '../scripts/stack/stack.ts';

export function benchUsers(count: number): StackUser[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `bench${String(i + 1).padStart(4, '0')}`;
    return { email: `${name}@${demoDomain}`, password: `${name}-password` };
  });
}

export function benchStack(userCount: number): StackOptions {
  return stackOptions({
    dir: path.join(repoRoot, '.mailstack-bench'),
    ports: withPortOffset(20_000),
    users: [...defaultUsers, ...benchUsers(userCount)],
  });
}

/** A fresh stack with empty mailboxes. */
export async function startBenchStack(options: StackOptions): Promise<void> {
  const quiet = () => {};
  await down(options.dir, quiet);
  rmSync(stackPaths(options.dir).mail, { recursive: true, force: true });
  await up(options, quiet);
}

export async function stopBenchStack(options: StackOptions): Promise<void> {
  await down(options.dir, () => {});
}

/** What a Tern server needs to use the bench stack. */
export function benchServerEnv(options: StackOptions, publicUrl: string): Record<string, string> {
  return {
    TERN_IMAP_HOST: '127.0.0.1',
    TERN_IMAP_PORT: String(options.ports.imap),
    TERN_IMAP_TLS: 'starttls',
    TERN_SMTP_HOST: '127.0.0.1',
    TERN_SMTP_PORT: String(options.ports.submission),
    TERN_SMTP_TLS: 'starttls',
    TERN_TLS_CA_FILE: stackPaths(options.dir).certFile,
    TERN_SESSION_SECRET: 'bench-secret-that-is-long-enough-0123456789',
    TERN_PUBLIC_URL: publicUrl,
  };
}

/** Signs a user in to a Tern server as the sign-in page does; answers the session cookie. */
export async function signIn(
  url: string,
  user: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(user),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${user.email}: ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** The same, as the cookie a browser context is given (Playwright's addCookies wants it split). */
export async function sessionCookie(
  url: string,
  user: { email: string; password: string },
): Promise<{ name: string; value: string; url: string }> {
  const [name, value] = (await signIn(url, user)).split('=') as [string, string];
  return { name, value, url };
}

/** Signs a session out as the app's menu does (its pool connections are logged out at once). */
export async function signOut(url: string, cookie: string): Promise<void> {
  const response = await fetch(`${url}/api/session`, {
    method: 'DELETE',
    headers: { cookie, origin: url, 'content-type': 'application/json' },
    body: '{}',
  });
  if (response.status !== 204) throw new Error(`sign-out: ${response.status}`);
}
