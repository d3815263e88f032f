import type { ChangeEvent, ReactNode } from 'react';

/**
 * A native select that is a full select on wide screens and an icon on phones, where the
 * invisible select over the icon still opens the phone's own picker when tapped.
 */
export function IconSelect({
  label,
  icon,
  value,
  disabled,
  onChange,
  children,
}: {
  label: string;
  icon: ReactNode;
  value: string;
  disabled?: boolean;
  onChange: (event: ChangeEvent<HTMLSelectElement>) => void;
  children: ReactNode;
}) {
  return (
    <label
      title={label}
      className="relative flex min-h-10 min-w-10 items-center justify-center rounded-md text-sm hover:bg-line has-[select:focus-visible]:outline-2 has-[select:focus-visible]:outline-accent sm:min-w-0 sm:hover:bg-transparent"
    >
      <span aria-hidden className="sm:hidden">
        {icon}
      </span>
      <span className="sr-only">{label}</span>
      <select
        value={value}
        disabled={disabled}
        onChange={onChange}
        className="absolute inset-0 opacity-0 sm:static sm:min-h-9 sm:rounded-md sm:border sm:border-line sm:bg-canvas sm:px-2 sm:opacity-100"
      >
        {children}
      </select>
    </label>
  );
}
