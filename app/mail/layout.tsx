import type { ReactNode } from 'react';
import { ComposeProvider } from '@/components/compose/compose-provider';
import { pageSession } from '@/lib/page-session';

/**
 * Composing lives above the folder pages, so that moving between folders keeps the composer, a
 * send's Undo countdown and its answer.
 */
export default async function MailLayout({ children }: { children: ReactNode }) {
  const session = await pageSession();
  // Signed out: the page itself sends the visitor to the login page.
  if (!session) return children;
  return <ComposeProvider account={session.email}>{children}</ComposeProvider>;
}
