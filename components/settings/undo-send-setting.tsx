'use client';

import { useId } from 'react';
import { maxUndoSendSeconds, useUndoSendSeconds } from '@/lib/client/preferences';

const choices = [0, 3, 5, 10, 15, 20, maxUndoSendSeconds];

/** How long a sent message waits with Undo before it goes out; the server's default until chosen. */
export function UndoSendSetting() {
  const id = useId();
  const [seconds, setSeconds] = useUndoSendSeconds();
  return (
    <div className="mt-4 flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-semibold">
        Undo send
      </label>
      <select
        id={id}
        value={seconds === null ? 'default' : String(seconds)}
        onChange={(event) =>
          setSeconds(event.target.value === 'default' ? null : Number(event.target.value))
        }
        className="min-h-10 rounded-md border border-line bg-canvas px-2 text-sm"
      >
        <option value="default">As Tern is set up (usually 5 seconds)</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? 'Send at once, without Undo' : `Wait ${choice} seconds, with Undo`}
          </option>
        ))}
      </select>
    </div>
  );
}
