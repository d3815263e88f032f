/**
 * Run after `npm install` changes package-lock.json: `node scripts/complete-lockfile.ts`.
 *
 * The npm registry these machines reach carries only some platform builds of native packages
 * (Next's swc, Tailwind's oxide, ...). npm install then leaves the missing ones out of the lock,
 * and npm ci rejects that lock as out of sync. This adds each missing platform-only optional
 * package with its os/cpu/libc, so npm ci skips it on other platforms and, on a registry that
 * has it, installs it by name and version as usual.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
}

const systems = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'win32',
  'openharmony',
  'openbsd',
  'sunos',
  'aix',
];
const cpus = ['arm64', 'x64', 'arm', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'wasm32'];

/** Reads the platform from names such as @next/swc-win32-x64-msvc or @scope/binding-linux-arm-musleabihf. */
function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> {
  const tokens = name.split('/').pop()!.split('-');
  const os = tokens.find((t) => systems.includes(t));
  const cpu = tokens.find((t) => cpus.includes(t));
  if (!cpu) throw new Error(`cannot tell the platform of ${name}; add its lock entry by hand`);
  const libc =
    os === 'linux' ? tokens.find((t) => t.startsWith('gnu') || t.startsWith('musl')) : undefined;
  // Key order as npm writes it, so a later npm install leaves the lock as it is.
  return {
    cpu: [cpu],
    ...(libc ? { libc: [libc.startsWith('musl') ? 'musl' : 'glibc'] } : {}),
    ...(os ? { os: [os] } : {}),
  };
}

const lockPath = path.join(import.meta.dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${location}/${key}`]) continue;
    const { cpu, libc, os } = platformOf(name);
    lock.packages[key] = {
      version,
      cpu,
      ...(entry.dev ? { dev: true } : {}),
      ...(libc ? { libc } : {}),
      optional: true,
      ...(os ? { os } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(
  added
    ? `package-lock.json: added ${added} platform-only optional packages`
    : 'package-lock.json is complete',
);
