'use client';

import { FolderPlus, LoaderCircle } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { createFolder } from '@/lib/client/api';
import type { Folder } from '@/lib/mail/types';

/** "New folder" at the foot of the folder list: a name, and optionally where it goes. */
export function NewFolderForm({
  folders,
  onCreated,
}: {
  folders: Folder[];
  onCreated: (folder: Folder) => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = form.get('name');
    const parent = form.get('parent');
    if (typeof name !== 'string' || !name.trim()) return setProblem('Give the folder a name.');
    setBusy(true);
    setProblem(undefined);
    const result = await createFolder(name, typeof parent === 'string' && parent ? parent : null);
    setBusy(false);
    if (!result.ok) return setProblem(result.message);
    setOpen(false);
    onCreated(result.value);
  }

  if (!open)
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="mx-2 mb-2 flex min-h-10 items-center gap-2 rounded-md px-2 text-sm hover:bg-line"
      >
        <FolderPlus aria-hidden className="size-4" /> New folder
      </button>
    );

  return (
    <form onSubmit={(e) => void submit(e)} className="mx-2 mb-2 flex flex-col gap-2" noValidate>
      <label className="flex flex-col gap-1 text-sm">
        Folder name
        <input
          name="name"
          required
          maxLength={200}
          autoFocus
          className="rounded-md border border-line bg-canvas px-2 py-1.5"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Inside
        <select name="parent" className="rounded-md border border-line bg-canvas px-2 py-1.5">
          <option value="">(top level)</option>
          {folders.map((f) => (
            <option key={f.path} value={f.path}>
              {f.path === 'INBOX' ? 'Inbox' : f.path}
            </option>
          ))}
        </select>
      </label>
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={busy}
          className="flex min-h-10 items-center gap-2 rounded-md bg-accent px-3 text-sm text-accent-ink disabled:opacity-60"
        >
          {busy && <LoaderCircle aria-hidden className="size-4 animate-spin" />} Create
        </button>
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="min-h-10 rounded-md px-3 text-sm hover:bg-line"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}
