'use client';

import { Settings } from 'lucide-react';
import { useRef, useState } from 'react';
import { markReadModes, useMarkReadMode, type MarkReadMode } from '@/lib/client/preferences';
import { applyTheme, parseTheme, themeCookie, themes, type Theme } from '@/lib/client/theme';
import { CloseButton } from '@/components/ui/close-button';
import { IconButton } from '@/components/ui/icon-button';
import { NotificationSetting } from './notification-setting';
import { UndoSendSetting } from './undo-send-setting';

const themeLabels: Record<Theme, string> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
};
const markReadLabels: Record<MarkReadMode, string> = {
  open: 'As soon as it opens',
  delay: 'After it has been open for 3 seconds',
  never: 'Never (I mark messages read myself)',
};

function currentTheme(): Theme {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith(`${themeCookie}=`));
  return parseTheme(cookie?.split('=')[1]);
}

function Choice<T extends string>({
  legend,
  name,
  options,
  labels,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="mt-4">
      <legend className="text-sm font-semibold">{legend}</legend>
      {options.map((option) => (
        <label key={option} className="flex min-h-10 cursor-pointer items-center gap-2 text-sm">
          <input
            type="radio"
            name={name}
            checked={value === option}
            onChange={() => onChange(option)}
            className="size-4 accent-accent"
          />
          {labels[option]}
        </label>
      ))}
    </fieldset>
  );
}

/** The settings button in the header and the dialog it opens: theme, reading, new mail, sending. */
export function SettingsButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [theme, setTheme] = useState<Theme>('system');
  const [markRead, setMarkRead] = useMarkReadMode();

  function open() {
    setTheme(currentTheme());
    dialog.current?.showModal();
  }

  return (
    <>
      <IconButton icon={Settings} label="Settings" onClick={open} />
      <dialog
        ref={dialog}
        aria-labelledby="settings-title"
        className="m-auto w-[min(28rem,calc(100vw-1.5rem))] rounded-lg border border-line bg-canvas p-5 text-ink backdrop:bg-black/40"
      >
        <div className="flex items-center justify-between">
          <h2 id="settings-title" className="text-lg font-semibold">
            Settings
          </h2>
          <CloseButton onClick={() => dialog.current?.close()} />
        </div>
        <Choice
          legend="Theme"
          name="theme"
          options={themes}
          labels={themeLabels}
          value={theme}
          onChange={(next) => {
            setTheme(next);
            applyTheme(next);
          }}
        />
        <Choice
          legend="Mark a message read"
          name="mark-read"
          options={markReadModes}
          labels={markReadLabels}
          value={markRead}
          onChange={setMarkRead}
        />
        <NotificationSetting />
        <UndoSendSetting />
        <p className="mt-4 text-xs text-muted">These settings are kept in this browser.</p>
      </dialog>
    </>
  );
}
