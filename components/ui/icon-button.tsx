import type { LucideIcon } from 'lucide-react';

/**
 * A button that shows only an icon: a 40 px touch target, a name a screen reader says, and the
 * same name as a tooltip.
 */
export function IconButton({
  icon: Icon,
  label,
  onClick,
  iconClassName = 'size-5',
  tooltip = true,
}: {
  icon: LucideIcon;
  label: string;
  onClick: () => void;
  iconClassName?: string;
  tooltip?: boolean;
}) {
  return (
    <button
      type="button"
      onClick={onClick}
      title={tooltip ? label : undefined}
      className="flex min-h-10 min-w-10 shrink-0 items-center justify-center rounded-md hover:bg-line"
    >
      <Icon aria-hidden className={iconClassName} />
      <span className="sr-only">{label}</span>
    </button>
  );
}
