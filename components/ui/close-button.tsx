import { X } from 'lucide-react';
import { IconButton } from './icon-button';

/** The ✕ in a dialog's corner, with a name a screen reader says. */
export function CloseButton({ onClick, label = 'Close' }: { onClick: () => void; label?: string }) {
  return <IconButton icon={X} label={label} onClick={onClick} tooltip={false} />;
}
