import { CircleAlert, LoaderCircle } from 'lucide-react';

/** Progress of asking for the open message again (shown only once it takes a while). */
export function ReloadProgress({ children }: { children: string }) {
  return (
    <p role="status" className="mt-2 flex items-center gap-2 text-sm text-muted">
      <LoaderCircle aria-hidden className="size-4 animate-spin" /> {children}
    </p>
  );
}

/** Why asking again failed, with a way to try once more; what was shown stays. */
export function ReloadProblem({
  what,
  problem,
  onRetry,
}: {
  what: string;
  problem: string;
  onRetry: () => void;
}) {
  return (
    <div role="alert" className="mt-2 flex flex-wrap items-center gap-2 text-sm text-bad">
      <CircleAlert aria-hidden className="size-4 shrink-0" />
      <span className="min-w-0 flex-1">
        {what} could not be loaded: {problem}
      </span>
      <button type="button" onClick={onRetry} className="min-h-10 rounded-md px-3 underline">
        Try again
      </button>
    </div>
  );
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export type CutPhase = 'offer' | 'loading' | 'failed' | 'at-most';

/**
 * Under a body cut at the limit: "Show all" asks for the rest (up to the higher limit); then
 * progress, or why it failed; past the higher limit, the original has the rest.
 */
export function CutNotice({
  limit,
  phase,
  slow,
  problem,
  originalHref,
  onShowAll,
  onRetry,
}: {
  /** Where the shown body was cut, in bytes. */
  limit: number;
  phase: CutPhase;
  /** The request for all of it has taken longer than a moment. */
  slow: boolean;
  problem: string | undefined;
  originalHref: string;
  onShowAll: () => void;
  onRetry: () => void;
}) {
  if (phase === 'failed')
    return <ReloadProblem what="The whole message" problem={problem ?? ''} onRetry={onRetry} />;
  if (phase === 'loading' && slow)
    return <ReloadProgress>Loading the whole message…</ReloadProgress>;
  if (phase === 'at-most')
    return (
      <p className="mt-2 text-sm text-muted">
        This message is very long; Tern shows the first {megabytes(limit)} of each part. The rest is
        in the{' '}
        <a href={originalHref} download className="text-accent underline">
          original message
        </a>
        .
      </p>
    );
  return (
    <p className="mt-2 flex flex-wrap items-center gap-x-2 text-sm text-muted">
      <span>This message is long; Tern shows the first {megabytes(limit)} of it.</span>
      <button
        type="button"
        onClick={onShowAll}
        disabled={phase === 'loading'}
        className="min-h-10 text-accent underline disabled:opacity-60"
      >
        Show all
      </button>
    </p>
  );
}
