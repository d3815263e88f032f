'use client';

import { CircleAlert, LoaderCircle } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { signIn } from '@/lib/client/api';
import type { ReauthAnswer } from '@/lib/client/compose/use-reauth-claim';

/**
 * The session ended while a message was being written: the password again, here, for the same
 * account (another one cannot take over the compose), so nothing on the page is lost. "Not now"
 * keeps the page as it is (saving waits); "Sign in on the login page" leaves it once everything
 * is kept in this browser.
 */
export function ReauthDialog({
  email,
  onAnswer,
}: {
  email: string;
  onAnswer: (answer: ReauthAnswer) => void;
}) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const password = form.get('password');
    if (typeof password !== 'string' || !password) {
      setProblem('Enter your password.');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    const result = await signIn({ email, password, remember: form.get('remember') === 'on' });
    setBusy(false);
    if (result.ok) onAnswer('signed_in');
    else setProblem(result.message);
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(event) => {
        event.preventDefault();
        onAnswer('not_now');
      }}
      className="m-auto w-[min(26rem,calc(100vw-1.5rem))] rounded-lg border border-line bg-canvas p-5 text-ink backdrop:bg-black/40"
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Sign in again
      </h2>
      <p id={`${id}-text`} className="mt-1 text-sm text-muted">
        Your session ended. Enter your password to go on; everything you wrote stays as it is.
      </p>
      <form
        onSubmit={(event) => void submit(event)}
        noValidate
        className="mt-4 flex flex-col gap-3"
      >
        {problem && (
          <p role="alert" className="flex items-start gap-2 text-sm text-bad">
            <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            {problem}
          </p>
        )}
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-email`} className="text-sm font-medium">
            Email address
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            value={email}
            readOnly
            autoComplete="username"
            className="w-full rounded-md border border-line bg-surface px-3 py-2 text-base text-muted"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-password`} className="text-sm font-medium">
            Password
          </label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoFocus
            autoComplete="current-password"
            aria-invalid={problem ? true : undefined}
            className="w-full rounded-md border border-line bg-canvas px-3 py-2 text-base aria-[invalid=true]:border-bad"
          />
        </div>
        <label className="flex min-h-10 items-center gap-2 text-sm">
          <input name="remember" type="checkbox" className="size-4 accent-accent" />
          Keep me signed in
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="submit"
            disabled={busy}
            className="flex min-h-10 items-center gap-2 rounded-md bg-accent px-4 text-sm font-medium text-accent-ink disabled:opacity-70"
          >
            {busy && <LoaderCircle aria-hidden className="size-4 animate-spin" />}
            Sign in
          </button>
          <button
            type="button"
            onClick={() => onAnswer('not_now')}
            className="min-h-10 rounded-md px-3 text-sm hover:bg-line"
          >
            Not now
          </button>
          <button
            type="button"
            onClick={() => onAnswer('leave')}
            className="min-h-10 rounded-md px-3 text-sm text-accent underline"
          >
            Sign in on the login page
          </button>
        </div>
      </form>
    </dialog>
  );
}
