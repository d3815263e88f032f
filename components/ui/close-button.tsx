import { X } from 'lucide-react';

/** The ✕ in a dialog's corner, with a name a screen reader says. */
export function CloseButton({ onClick, label = 'Close' }: { onClick: () => void; label?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="flex min-h-10 min-w-10 shrink-0 items-center justify-center rounded-md hover:bg-line"
    >
      <X aria-hidden className="size-5" />
      <span className="sr-only">{label}</span>
    </button>
  );
}
