import { Mail } from 'lucide-react';
import { ServerStatus } from '@/components/server-status';

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-6 px-5 py-10">
      <div className="flex items-center gap-3">
        <Mail aria-hidden className="size-9 text-accent" />
        <h1 className="text-3xl font-semibold tracking-tight">Tern</h1>
      </div>
      <p className="text-lg text-muted">Fast, safe, live webmail for your own mail server.</p>
      <ServerStatus />
      <p className="text-sm text-muted">Sign-in arrives with the next release.</p>
    </main>
  );
}
