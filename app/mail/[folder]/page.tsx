import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { MailApp } from '@/components/mail/mail-app';
import { MailHeader } from '@/components/mail/mail-header';
import { folderFromSegment, folderHref } from '@/lib/client/folder-path';
import { loginPathFor } from '@/lib/client/return-path';
import { pageSession } from '@/lib/page-session';

type Props = { params: Promise<{ folder: string }> };

/** INBOX is shown as "Inbox"; other names as they are, the last part of a nested path. */
function displayName(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'Inbox' : (path.split('/').at(-1) ?? path);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const path = folderFromSegment((await params).folder);
  return { title: path ? displayName(path) : 'Not found' };
}

export default async function FolderPage({ params }: Props) {
  const path = folderFromSegment((await params).folder);
  if (path === undefined) notFound();
  const session = await pageSession();
  if (!session) redirect(loginPathFor(folderHref(path)));
  return (
    <div className="flex h-dvh flex-col print:h-auto">
      <MailHeader email={session.email} />
      <MailApp key={path} folder={path} folderName={displayName(path)} />
    </div>
  );
}
