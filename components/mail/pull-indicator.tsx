import { ArrowDown, RefreshCw } from 'lucide-react';

/** The space that opens above the list while it is pulled down, saying what letting go does. */
export function PullIndicator({ pull, ready }: { pull: number; ready: boolean }) {
  if (pull <= 0) return null;
  return (
    <div
      aria-hidden
      data-testid="pull-indicator"
      className="flex items-end justify-center gap-2 overflow-hidden pb-2 text-sm text-muted"
      style={{ height: pull }}
    >
      {ready ? <RefreshCw className="size-4" /> : <ArrowDown className="size-4" />}
      {ready ? 'Release to refresh' : 'Pull to refresh'}
    </div>
  );
}
