/** The browser's typed access to Tern's API. */
import type { ApiError, HealthReport } from '@/lib/mail/types';

export type HealthResult = { ok: true; report: HealthReport } | { ok: false; message: string };

function isApiError(body: unknown): body is ApiError {
  return typeof body === 'object' && body !== null && 'error' in body;
}

export async function fetchHealth(signal?: AbortSignal): Promise<HealthResult> {
  let response: Response;
  try {
    response = await fetch('/api/health', { signal, cache: 'no-store' });
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      ok: false,
      message: 'Tern cannot be reached. Check your connection and reload the page.',
    };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, report: body as HealthReport };
  return {
    ok: false,
    message: isApiError(body) ? body.error.message : `Unexpected answer (HTTP ${response.status}).`,
  };
}
