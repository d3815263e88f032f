import type { ReactNode } from 'react';

/** The reading pane's toolbar buttons and links: icons with names a screen reader says. */
export function PaneButton({
  label,
  onClick,
  children,
  pressed,
  wideOnly,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
  pressed?: boolean;
  /** Left out on phones, where the toolbar has room for the essentials only. */
  wideOnly?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={label}
      aria-pressed={pressed}
      className={`${wideOnly ? 'hidden sm:flex' : 'flex'} min-h-10 min-w-10 items-center justify-center rounded-md hover:bg-line`}
    >
      {children}
      <span className="sr-only">{label}</span>
    </button>
  );
}

export function PaneLink({
  label,
  href,
  download,
  children,
}: {
  label: string;
  href: string;
  download?: boolean;
  children: ReactNode;
}) {
  return (
    <a
      href={href}
      title={label}
      download={download || undefined}
      target={download ? undefined : '_blank'}
      rel="noopener noreferrer"
      className="hidden min-h-10 min-w-10 items-center justify-center rounded-md hover:bg-line sm:flex"
    >
      {children}
      <span className="sr-only">{label}</span>
    </a>
  );
}
