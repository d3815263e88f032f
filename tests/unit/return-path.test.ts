import { describe, expect, it } from 'vitest';
import { folderFromSegment, folderHref } from '@/lib/client/folder-path';
import { loginPathFor, safeReturnPath } from '@/lib/client/return-path';

describe('return path after sign-in', () => {
  it.each([
    ['/mail/Archive', '/mail/Archive'],
    ['/mail/Projects%2FTern?sort=date#top', '/mail/Projects%2FTern?sort=date#top'],
    [undefined, '/mail/INBOX'],
    ['', '/mail/INBOX'],
    ['https://evil.example/', '/mail/INBOX'],
    ['//evil.example/mail', '/mail/INBOX'],
    ['/\\evil.example', '/mail/INBOX'],
    ['javascript:alert(1)', '/mail/INBOX'],
    ['mail/INBOX', '/mail/INBOX'],
    ['/\tevil', '/mail/INBOX'],
    ['/api/session', '/mail/INBOX'],
    ['/..//evil.example', '/mail/INBOX'],
    ['/.//evil.example', '/mail/INBOX'],
    ['/a/..//evil.example', '/mail/INBOX'],
    ['/%2e%2e//evil.example', '/mail/INBOX'],
    ['/./\\evil.example', '/mail/INBOX'],
    ['/login', '/mail/INBOX'],
    [`/${'a'.repeat(3000)}`, '/mail/INBOX'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnPath(input)).toBe(expected);
  });

  it('sends signed-out visitors to the login page with a way back', () => {
    expect(loginPathFor('/mail/Archive')).toBe('/login?next=%2Fmail%2FArchive');
    expect(loginPathFor('/mail/INBOX')).toBe('/login');
  });
});

describe('folder paths in URLs', () => {
  it.each(['INBOX', 'Projects/Tern', 'a%b', 'Café', 'with space'])(
    '%s survives the round trip',
    (name) => {
      expect(folderFromSegment(folderHref(name).slice('/mail/'.length))).toBe(name);
    },
  );

  it('refuses malformed percent-encoding', () => {
    expect(folderFromSegment('x%ZZ')).toBeUndefined();
  });
});
