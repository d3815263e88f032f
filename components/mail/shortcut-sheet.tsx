'use client';

import { useEffect, useRef } from 'react';
import { CloseButton } from '@/components/ui/close-button';

/** The keys the mailbox understands, grouped as a user looks for them; a row's keys are alternatives. */
const groups: Array<{ title: string; keys: Array<[string[], string]> }> = [
  {
    title: 'Moving around',
    keys: [
      [['j', '↓'], 'Next message'],
      [['k', '↑'], 'Previous message'],
      [['Home'], 'First message'],
      [['End'], 'Last message'],
      [['Enter', 'o'], 'Open the message'],
      [['u'], 'Back to the list'],
      [['/'], 'Search'],
    ],
  },
  {
    title: 'Choosing',
    keys: [
      [['x'], 'Select or unselect the message'],
      [['Shift + x'], 'Select up to here'],
      [['Esc'], 'Clear the selection'],
    ],
  },
  {
    title: 'Acting on the chosen messages (or the one under the cursor)',
    keys: [
      [['e'], 'Archive'],
      [['#'], 'Delete'],
      [['s'], 'Star or unstar'],
      [['Shift + i'], 'Mark read'],
      [['Shift + u'], 'Mark unread'],
    ],
  },
  {
    title: 'Writing',
    keys: [
      [['c'], 'New message'],
      [['r'], 'Reply'],
      [['a'], 'Reply all'],
      [['f'], 'Forward'],
      [['Shift + f'], 'Forward as attachment'],
      [['Ctrl + Enter', '⌘ + Enter'], 'Send (in the composer)'],
    ],
  },
  { title: 'Help', keys: [[['?'], 'Show this list']] },
];

/** A modal list of keyboard shortcuts; Esc or the close button dismisses it. */
export function ShortcutSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="shortcut-sheet-title"
      className="m-auto max-h-[85dvh] w-[min(32rem,calc(100vw-1.5rem))] rounded-lg border border-line bg-canvas p-5 text-ink backdrop:bg-black/40"
    >
      <div className="flex items-center justify-between">
        <h2 id="shortcut-sheet-title" className="text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <CloseButton onClick={onClose} />
      </div>
      {groups.map((group) => (
        <section key={group.title} className="mt-4">
          <h3 className="text-sm font-semibold text-muted">{group.title}</h3>
          <dl className="mt-1 grid grid-cols-[7.5rem_1fr] gap-x-4 gap-y-1 text-sm">
            {group.keys.map(([keys, meaning]) => (
              <div key={meaning} className="contents">
                <dt className="flex items-center gap-1 text-muted">
                  {keys.map((key, i) => (
                    <span key={key} className="contents">
                      {i > 0 && <span className="text-xs">or</span>}
                      <kbd className="min-w-6 rounded border border-line bg-surface px-1.5 text-center font-mono text-xs leading-6 text-ink">
                        {key}
                      </kbd>
                    </span>
                  ))}
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </dialog>
  );
}
