import { describe, expect, it } from 'vitest';
import { describeConnectError } from '@/lib/imap/client';

const endpoint = { host: 'imap.example.com', port: 993, tls: 'implicit' as const };

describe('connection failures become actionable messages', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'nothing accepts connections at imap.example.com:993'],
    [{ code: 'ENOTFOUND' }, 'does not resolve'],
    [{ code: 'CONNECT_TIMEOUT' }, 'no connection to imap.example.com:993 in time'],
    [{ code: 'GREETING_TIMEOUT' }, 'is TERN_IMAP_TLS (implicit) right for that port?'],
    [
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' },
      'does not speak TLS there',
    ],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'set TERN_TLS_CA_FILE'],
  ])('%j', (error, expected) => {
    const mailError = describeConnectError(error, endpoint);
    expect(mailError.code).toBe('imap_unavailable');
    expect(mailError.status).toBe(503);
    expect(mailError.message).toContain(expected);
  });

  it('reports failed authentication without saying whether the account exists', () => {
    const mailError = describeConnectError({ authenticationFailed: true }, endpoint);
    expect(mailError).toMatchObject({
      code: 'auth_failed',
      status: 401,
      message: 'Wrong email address or password.',
    });
  });

  it('tells a server that cannot check passwords right now from a wrong password', () => {
    const wrong = describeConnectError(
      { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' },
      endpoint,
    );
    expect(wrong.code).toBe('auth_failed');
    const unavailable = describeConnectError(
      { authenticationFailed: true, serverResponseCode: 'UNAVAILABLE' },
      endpoint,
    );
    expect(unavailable.code).toBe('imap_unavailable');
    expect(unavailable.message).toContain('cannot check passwords right now');
  });
});
