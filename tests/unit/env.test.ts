import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/lib/env';

const secret = { TERN_SESSION_SECRET: 'x'.repeat(32) };

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('defaults to the local mail stack', () => {
    const config = parseConfig(secret);
    expect(config.imap).toEqual({ host: '127.0.0.1', port: 10143, tls: 'starttls' });
    expect(config.smtp).toEqual({ host: '127.0.0.1', port: 10587, tls: 'starttls' });
    expect(config.publicUrl.href).toBe('http://127.0.0.1:3000/');
    expect(config.tlsCa).toBeUndefined();
  });

  it('reads every documented variable', () => {
    const ca = path.join(tmpdir(), `tern-ca-${process.pid}.pem`);
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = parseConfig({
      ...secret,
      TERN_IMAP_HOST: 'imap.example.com',
      TERN_IMAP_PORT: '993',
      TERN_IMAP_TLS: 'implicit',
      TERN_SMTP_HOST: 'smtp.example.com',
      TERN_SMTP_PORT: '465',
      TERN_SMTP_TLS: 'implicit',
      TERN_TLS_CA_FILE: ca,
      TERN_PUBLIC_URL: 'https://mail.example.com',
    });
    expect(config.imap).toEqual({ host: 'imap.example.com', port: 993, tls: 'implicit' });
    expect(config.smtp).toEqual({ host: 'smtp.example.com', port: 465, tls: 'implicit' });
    expect(config.tlsCa).toContain('BEGIN CERTIFICATE');
    expect(config.publicUrl.protocol).toBe('https:');
  });

  it('turns the image proxy on with 5 MB and 10 s caps and no allowed hosts by default', () => {
    expect(parseConfig(secret).imageProxy).toEqual({
      enabled: true,
      maxBytes: 5 * 1024 * 1024,
      timeoutMs: 10_000,
      allowHosts: [],
    });
  });

  it('reads the image proxy settings', () => {
    const config = parseConfig({
      ...secret,
      TERN_IMAGE_PROXY: 'off',
      TERN_IMAGE_PROXY_MAX_MB: '2',
      TERN_IMAGE_PROXY_TIMEOUT_SECONDS: '3',
      TERN_IMAGE_PROXY_ALLOW_HOSTS: '127.0.0.1:8123, [::1]:8124',
    });
    expect(config.imageProxy).toEqual({
      enabled: false,
      maxBytes: 2 * 1024 * 1024,
      timeoutMs: 3000,
      allowHosts: ['127.0.0.1:8123', '[::1]:8124'],
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ ...secret, TERN_IMAP_PORT: '' }).imap.port).toBe(10143);
  });

  it.each([
    [{}, /^TERN_SESSION_SECRET is missing/],
    [{ TERN_SESSION_SECRET: 'short' }, /^TERN_SESSION_SECRET must be at least 32 characters/],
    [
      { ...secret, TERN_IMAP_TLS: 'tls' },
      /^TERN_IMAP_TLS must be one of implicit, starttls, none \(got 'tls'\)/,
    ],
    [{ ...secret, TERN_SMTP_TLS: 'ssl' }, /^TERN_SMTP_TLS must be one of/],
    [{ ...secret, TERN_IMAP_PORT: 'imap' }, /^TERN_IMAP_PORT must be/],
    [{ ...secret, TERN_SMTP_PORT: '70000' }, /^TERN_SMTP_PORT must be a port from 1 to 65535/],
    [{ ...secret, TERN_PUBLIC_URL: 'ftp://x' }, /^TERN_PUBLIC_URL must be an http/],
    [{ ...secret, TERN_TLS_CA_FILE: '/nonexistent/ca.pem' }, /^TERN_TLS_CA_FILE does not exist/],
    [
      { ...secret, TERN_TLS_CA_FILE: '/etc/hostname' },
      /^TERN_TLS_CA_FILE is not a PEM certificate/,
    ],
    [{ ...secret, TERN_IMAGE_PROXY: 'yes' }, /^TERN_IMAGE_PROXY must be on or off \(got 'yes'\)/],
    [{ ...secret, TERN_IMAGE_PROXY_MAX_MB: '0' }, /^TERN_IMAGE_PROXY_MAX_MB must be from 1 to 50/],
    [
      { ...secret, TERN_IMAGE_PROXY_TIMEOUT_SECONDS: '600' },
      /^TERN_IMAGE_PROXY_TIMEOUT_SECONDS must be from 1 to 60/,
    ],
    [
      { ...secret, TERN_IMAGE_PROXY_ALLOW_HOSTS: '127.0.0.1:8123,10.0.0.1:80' },
      /^TERN_IMAGE_PROXY_ALLOW_HOSTS '10\.0\.0\.1:80' must be a loopback address and port .*\(for tests only\)/,
    ],
    [
      { ...secret, TERN_IMAGE_PROXY_ALLOW_HOSTS: 'localhost:8123' },
      /^TERN_IMAGE_PROXY_ALLOW_HOSTS 'localhost:8123' must be a loopback address/,
    ],
  ])('names the bad variable in one line: %j', (env, message) => {
    const text = configError(env);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
