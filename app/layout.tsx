import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { parseTheme, themeCookie } from '@/lib/client/theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tern', template: '%s · Tern' },
  description: 'Fast, safe, live webmail',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#14171b' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts need that request's CSP nonce (see server.ts).
  await connection();
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  );
}
