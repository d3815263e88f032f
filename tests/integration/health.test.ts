import { describe, expect, it } from 'vitest';
import { MailError } from '@/lib/errors';
import { checkHealth } from '@/lib/mail/health';
import { testConfig } from '../support/test-config';
import { testStack } from '../support/test-stack.ts';

describe('health check', () => {
  it('reports the configured server and its capabilities', async () => {
    const report = await checkHealth(testConfig());
    expect(report.status).toBe('ok');
    expect(report.imap).toMatchObject({
      host: '127.0.0.1',
      port: testStack.ports.imap,
      tls: 'starttls',
    });
    expect(report.imap.capabilities).toContain('IMAP4rev1');
  });

  it('works over implicit TLS', async () => {
    const config = testConfig();
    const report = await checkHealth({
      ...config,
      imap: { ...config.imap, port: testStack.ports.imaps, tls: 'implicit' },
    });
    expect(report.imap.capabilities).toContain('IDLE');
  });

  const broken: Array<
    [string, (c: ReturnType<typeof testConfig>) => ReturnType<typeof testConfig>, RegExp]
  > = [
    [
      'a closed port',
      (c) => ({ ...c, imap: { ...c.imap, port: 1 } }),
      /nothing accepts connections/,
    ],
    [
      'implicit TLS on the STARTTLS port',
      (c) => ({ ...c, imap: { ...c.imap, tls: 'implicit' } }),
      /TERN_IMAP_TLS/,
    ],
    [
      'STARTTLS on the implicit TLS port',
      (c) => ({ ...c, imap: { ...c.imap, port: testStack.ports.imaps } }),
      /TERN_IMAP_TLS/,
    ],
    ['an untrusted certificate', (c) => ({ ...c, tlsCa: undefined }), /TERN_TLS_CA_FILE/],
  ];
  it.each(broken)(
    'fails within its bound with an actionable message for %s',
    async (_name, breakIt, message) => {
      const started = Date.now();
      const error = await checkHealth(breakIt(testConfig())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MailError);
      expect(error).toMatchObject({ code: 'imap_unavailable', status: 503 });
      expect((error as MailError).message).toMatch(message);
      expect(Date.now() - started).toBeLessThan(5000);
    },
  );
});
