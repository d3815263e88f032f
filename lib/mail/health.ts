import 'server-only';
import { getConfig, type TernConfig } from '../env';
import { probeImap } from '../imap/client';
import type { HealthReport } from './types';

/** Connects to the configured IMAP server without logging in, and reports what it offers. */
export async function checkHealth(config: TernConfig = getConfig()): Promise<HealthReport> {
  const started = performance.now();
  const capabilities = await probeImap({
    endpoint: config.imap,
    tlsCa: config.tlsCa,
    timeoutMs: 3000,
  });
  return {
    status: 'ok',
    imap: { ...config.imap, capabilities, latencyMs: Math.round(performance.now() - started) },
  };
}
