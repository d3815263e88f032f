'use client';

import { CircleAlert, LoaderCircle } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { signIn, type ApiFailure } from '@/lib/client/api';

type Field = 'email' | 'password';
type Problem = { message: string; field?: Field };

/** Which field the user should fix (and gets focus) after a failed attempt. */
function fieldFor(failure: ApiFailure): Field | undefined {
  if (failure.code === 'auth_failed') return 'password';
  return undefined;
}

function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export function LoginForm({ returnPath }: { returnPath: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  function show(next: Problem) {
    setProblem(next);
    const input = next.field === 'email' ? emailRef.current : passwordRef.current;
    if (next.field && input) {
      input.focus();
      input.select();
    } else {
      alertRef.current?.focus();
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    const email = formText(form, 'email').trim();
    const password = formText(form, 'password');
    if (!email) return show({ field: 'email', message: 'Enter your email address.' });
    if (!password) return show({ field: 'password', message: 'Enter your password.' });

    setBusy(true);
    setProblem(undefined);
    const result = await signIn({ email, password, remember: form.get('remember') === 'on' });
    if (result.ok) {
      // A full navigation, so the server renders the mailbox with the new cookie.
      window.location.assign(returnPath);
      return;
    }
    setBusy(false);
    show({ message: result.message, field: fieldFor(result) });
  }

  const describedBy = problem ? 'login-problem' : undefined;
  const input =
    'w-full rounded-md border border-line bg-canvas px-3 py-2.5 text-base aria-[invalid=true]:border-bad';

  return (
    <form noValidate onSubmit={(event) => void submit(event)} className="flex flex-col gap-5">
      <div
        id="login-problem"
        ref={alertRef}
        tabIndex={-1}
        role="alert"
        className={
          problem ? 'flex items-start gap-2 rounded-md border border-bad p-3 text-bad' : ''
        }
      >
        {problem && (
          <>
            <CircleAlert aria-hidden className="mt-0.5 size-5 shrink-0" />
            <span>{problem.message}</span>
          </>
        )}
      </div>

      <div className="flex flex-col gap-1.5">
        <label htmlFor="email" className="font-medium">
          Email address
        </label>
        <input
          ref={emailRef}
          id="email"
          name="email"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={254}
          aria-invalid={problem?.field === 'email' || undefined}
          aria-describedby={problem?.field === 'email' ? describedBy : undefined}
          className={input}
        />
      </div>

      <div className="flex flex-col gap-1.5">
        <label htmlFor="password" className="font-medium">
          Password
        </label>
        <input
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={512}
          aria-invalid={problem?.field === 'password' || undefined}
          aria-describedby={problem?.field === 'password' ? describedBy : undefined}
          className={input}
        />
      </div>

      <label className="flex min-h-11 items-center gap-3">
        <input name="remember" type="checkbox" className="size-5 accent-accent" />
        Keep me signed in
      </label>

      <button
        type="submit"
        disabled={busy}
        aria-busy={busy}
        className="flex min-h-11 items-center justify-center gap-2 rounded-md bg-accent px-4 py-2.5 font-medium text-accent-ink disabled:opacity-70"
      >
        {busy && <LoaderCircle aria-hidden className="size-5 animate-spin" />}
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
