import { handle, json } from '@/lib/http';
import { checkHealth } from '@/lib/mail/health';

export const dynamic = 'force-dynamic';

export function GET(): Promise<Response> {
  return handle(async () => json(await checkHealth()));
}
