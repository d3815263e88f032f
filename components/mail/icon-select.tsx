import type { ChangeEvent, ReactNode } from 'react';

/**
 * A native select that is a full select on wide screens and an icon on phones (or always, when
 * compact), where the invisible select over the icon still opens the browser's own picker.
 */
export function IconSelect({
  label,
  icon,
  value,
  disabled,
  onChange,
  children,
  compact = false,
}: {
  compact?: boolean;
  label: string;
  icon: ReactNode;
  value: string;
  disabled?: boolean;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  children: ReactNode;
}) {
  const wide = compact
    ? { label: '', icon: '', select: '' }
    : {
        label: 'sm:min-w-0 sm:hover:bg-transparent',
        icon: 'sm:hidden',
        select:
          'sm:static sm:min-h-9 sm:rounded-md sm:border sm:border-line sm:bg-canvas sm:px-2 sm:opacity-100',
      };
  return (
    <label
      title={label}
      className={`relative flex min-h-10 min-w-10 items-center justify-center rounded-md text-sm hover:bg-line has-[select:focus-visible]:outline-2 has-[select:focus-visible]:outline-accent ${wide.label}`}
    >
      <span aria-hidden className={wide.icon}>
        {icon}
      </span>
      <span className="sr-only">{label}</span>
      <select
        value={value}
        disabled={disabled}
        onChange={onChange}
        className={`absolute inset-0 opacity-0 ${wide.select}`}
      >
        {children}
      </select>
    </label>
  );
}
