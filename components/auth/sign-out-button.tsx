'use client';

import { LoaderCircle, LogOut } from 'lucide-react';
import { useState } from 'react';
import { signOut } from '@/lib/client/api';
import { forgetSavedDrafts } from '@/lib/client/compose/drafts-store';

export function SignOutButton({ account }: { account: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function leave() {
    setBusy(true);
    setProblem(undefined);
    await forgetSavedDrafts(account).catch(() => {});
    const result = await signOut();
    if (result.ok) {
      // A full page load, so no mail stays in this tab's memory after signing out.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign('/login');
      return;
    }
    setBusy(false);
    setProblem(`Not signed out: ${result.message}`);
  }

  return (
    <div className="flex shrink-0 items-center gap-2">
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      <button
        type="button"
        onClick={() => void leave()}
        disabled={busy}
        aria-busy={busy}
        className="flex min-h-11 items-center gap-2 rounded-md px-3 text-sm hover:bg-line disabled:opacity-60"
      >
        {busy ? (
          <LoaderCircle aria-hidden className="size-4 animate-spin" />
        ) : (
          <LogOut aria-hidden className="size-4" />
        )}
        Sign out
      </button>
    </div>
  );
}
