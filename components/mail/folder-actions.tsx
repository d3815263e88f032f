'use client';

import { LoaderCircle, Pencil, Trash2 } from 'lucide-react';
import { useRef, useState, type FormEvent } from 'react';
import { deleteFolder, updateFolder } from '@/lib/client/api';
import type { Folder } from '@/lib/mail/types';

/**
 * Rename and delete for the folder on screen. INBOX and the special-use folders have neither:
 * other mail programs look for them by name. Deleting asks first, saying how much mail goes too.
 */
export function FolderActions({
  folder,
  onRenamed,
  onDeleted,
}: {
  folder: Folder;
  onRenamed: (folder: Folder) => void;
  onDeleted: () => void;
}) {
  const [renaming, setRenaming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const confirm = useRef<HTMLDialogElement>(null);

  if (folder.specialUse) return null;

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get('name');
    if (typeof name !== 'string' || !name.trim()) return setProblem('Give the folder a name.');
    setBusy(true);
    setProblem(undefined);
    const result = await updateFolder(folder.path, { name });
    setBusy(false);
    if (!result.ok) return setProblem(result.message);
    setRenaming(false);
    onRenamed(result.value);
  }

  async function remove() {
    setBusy(true);
    setProblem(undefined);
    const result = await deleteFolder(folder.path);
    setBusy(false);
    confirm.current?.close();
    if (!result.ok) return setProblem(result.message);
    onDeleted();
  }

  const button = 'flex min-h-10 items-center gap-1 rounded-md px-2 text-sm hover:bg-line';
  return (
    <div className="flex flex-wrap items-center gap-1">
      {renaming ? (
        <form onSubmit={(e) => void rename(e)} className="flex items-center gap-1" noValidate>
          <label className="sr-only" htmlFor="folder-new-name">
            New name
          </label>
          <input
            id="folder-new-name"
            name="name"
            defaultValue={folder.name}
            maxLength={200}
            autoFocus
            className="w-40 rounded-md border border-line bg-canvas px-2 py-1.5 text-sm"
          />
          <button type="submit" disabled={busy} className={button}>
            {busy && <LoaderCircle aria-hidden className="size-4 animate-spin" />} Save
          </button>
          <button type="button" onClick={() => setRenaming(false)} className={button}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button type="button" onClick={() => setRenaming(true)} className={button}>
            <Pencil aria-hidden className="size-4" /> Rename
          </button>
          <button type="button" onClick={() => confirm.current?.showModal()} className={button}>
            <Trash2 aria-hidden className="size-4" /> Delete
          </button>
        </>
      )}
      {problem && (
        <p role="alert" className="text-sm text-bad">
          {problem}
        </p>
      )}
      <dialog
        ref={confirm}
        aria-labelledby="delete-folder-title"
        className="m-auto max-w-sm rounded-lg border border-line bg-canvas p-5 text-ink backdrop:bg-black/40"
      >
        <h2 id="delete-folder-title" className="text-lg font-semibold">
          Delete “{folder.name}”?
        </h2>
        <p className="mt-2 text-sm text-muted">
          {folder.total > 0
            ? `Its ${folder.total.toLocaleString()} message${folder.total === 1 ? '' : 's'} will be deleted for good.`
            : 'It is empty.'}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={() => confirm.current?.close()} className={button}>
            Cancel
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void remove()}
            className="flex min-h-10 items-center gap-1 rounded-md bg-bad px-3 text-sm text-white disabled:opacity-60"
          >
            {busy && <LoaderCircle aria-hidden className="size-4 animate-spin" />} Delete folder
          </button>
        </div>
      </dialog>
    </div>
  );
}
