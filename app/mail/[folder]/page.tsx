import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { MailHeader } from '@/components/mail/mail-header';
import { folderFromSegment, folderHref } from '@/lib/client/folder-path';
import { loginPathFor } from '@/lib/client/return-path';
import { pageSession } from '@/lib/page-session';

type Props = { params: Promise<{ folder: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: folderFromSegment((await params).folder) ?? 'Not found' };
}

export default async function FolderPage({ params }: Props) {
  const name = folderFromSegment((await params).folder);
  if (name === undefined) notFound();
  const session = await pageSession();
  if (!session) redirect(loginPathFor(folderHref(name)));
  return (
    <div className="flex min-h-dvh flex-col">
      <MailHeader email={session.email} />
      <main className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        <h1 className="text-2xl font-semibold break-words">{name}</h1>
        <p className="mt-2 text-muted">
          You are signed in. The message list for this folder arrives with the next release.
        </p>
      </main>
    </div>
  );
}
