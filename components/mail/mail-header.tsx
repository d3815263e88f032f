import { Mail } from 'lucide-react';
import { SessionKeeper } from '@/components/auth/session-keeper';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { SettingsButton } from '@/components/settings/settings-dialog';
import { LiveIndicator } from './live-indicator';

/** The bar above every mail page: who is signed in, settings, and the way out. */
export function MailHeader({ email }: { email: string }) {
  return (
    <header className="flex items-center gap-x-3 gap-y-1 max-sm:flex-wrap border-b border-line bg-surface px-4 py-2 print:hidden">
      <Mail aria-hidden className="size-6 shrink-0 text-accent" />
      <span className="font-semibold">Tern</span>
      <LiveIndicator />
      <span className="min-w-0 flex-1 basis-0 truncate text-right text-sm text-muted" title={email}>
        {email}
      </span>
      <SettingsButton />
      <SignOutButton account={email} />
      <SessionKeeper />
    </header>
  );
}
