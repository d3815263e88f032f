/**
 * The configuration a Tern server gets from testServerEnv(), for tests that run lib/ code
 * in-process (under Vitest; plain-Node scripts cannot load lib/ and use test-stack.ts only).
 */
import { parseConfig, type TernConfig } from '@/lib/env';
import { testServerEnv } from './test-stack';

export function testConfig(overrides: Record<string, string> = {}): TernConfig {
  return parseConfig({ ...testServerEnv(), ...overrides });
}
