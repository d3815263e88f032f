'use client';

import { CircleAlert, CircleCheck, LoaderCircle } from 'lucide-react';
import { useEffect, useState } from 'react';
import { fetchHealth, type HealthResult } from '@/lib/client/api';

/** Shows whether the mail server answers, so an administrator sees a broken setup at once. */
export function ServerStatus() {
  const [result, setResult] = useState<HealthResult | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    fetchHealth(controller.signal).then(setResult, () => {
      // Aborted on unmount: nothing to show.
    });
    return () => controller.abort();
  }, []);

  return (
    <section
      aria-live="polite"
      className="rounded-lg border border-line bg-surface p-4"
      aria-label="Mail server status"
    >
      {!result && (
        <p className="flex items-center gap-2 text-muted">
          <LoaderCircle aria-hidden className="size-5 animate-spin" /> Checking the mail server…
        </p>
      )}
      {result?.ok && (
        <div>
          <p className="flex items-center gap-2 font-medium text-ok">
            <CircleCheck aria-hidden className="size-5" /> Mail server connected
          </p>
          <p className="mt-1 text-sm text-muted">
            {result.report.imap.host}:{result.report.imap.port} ({result.report.imap.tls}),{' '}
            {result.report.imap.latencyMs} ms
          </p>
        </div>
      )}
      {result && !result.ok && (
        <p role="alert" className="flex items-start gap-2 text-bad">
          <CircleAlert aria-hidden className="mt-0.5 size-5 shrink-0" /> {result.message}
        </p>
      )}
    </section>
  );
}
