import { json, publicRoute } from '@/lib/http';
import { checkHealth } from '@/lib/mail/health';

export const dynamic = 'force-dynamic';

/** Whether the configured IMAP server answers, and what it offers (for administrators and monitors). */
export const GET = publicRoute({}, async ({ services }) =>
  json(await checkHealth(services.config)),
);
