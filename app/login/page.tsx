import { Mail } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeReturnPath } from '@/lib/client/return-path';
import { pageSession } from '@/lib/page-session';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  const returnPath = safeReturnPath(typeof next === 'string' ? next : undefined);
  if (await pageSession()) redirect(returnPath);
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-sm flex-col justify-center gap-8 px-5 py-10">
      <div className="flex items-center gap-3">
        <Mail aria-hidden className="size-9 text-accent" />
        <h1 className="text-3xl font-semibold tracking-tight">Sign in to Tern</h1>
      </div>
      <LoginForm returnPath={returnPath} />
    </main>
  );
}
