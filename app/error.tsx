'use client';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-xl flex-col justify-center gap-4 px-5">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-muted">
        This page could not be shown. Try again; your mail is safe on the server.
      </p>
      <button
        type="button"
        onClick={reset}
        className="self-start rounded-md bg-accent px-4 py-2 text-accent-ink"
      >
        Try again
      </button>
    </main>
  );
}
