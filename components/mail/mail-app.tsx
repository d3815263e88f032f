'use client';

import { FolderOpen, X } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { transferMessages, type MessageListParams } from '@/lib/client/api';
import type { Undo } from '@/lib/client/use-list-actions';
import { folderHref } from '@/lib/client/folder-path';
import { useFolders } from '@/lib/client/use-folders';
import { FolderActions } from './folder-actions';
import { FolderTree } from './folder-tree';
import { ListToolbar } from './list-toolbar';
import { MessageList } from './message-list';
import { NewFolderForm } from './new-folder-form';

const defaultParams: MessageListParams = { sort: 'arrival', order: 'desc', filter: 'all' };

/**
 * The mailbox: folders beside the message list on wide screens; on a phone the list fills the
 * screen and the folders open over it.
 */
export function MailApp({ folder, folderName }: { folder: string; folderName: string }) {
  const [params, setParams] = useState(defaultParams);
  const [foldersOpen, setFoldersOpen] = useState(false);
  const [listVersion, setListVersion] = useState(0);
  const [notice, setNotice] = useState<{ text: string; undo?: Undo }>();
  const [undoing, setUndoing] = useState(false);
  const { folders, problem, refresh } = useFolders();
  const router = useRouter();
  const current = folders?.find((f) => f.path === folder);

  function open(path: string) {
    refresh();
    router.push(folderHref(path));
  }

  function onMoved(text: string, undo?: Undo) {
    setNotice({ text, undo });
    setListVersion((v) => v + 1);
    refresh();
  }

  async function undoMove(undo: Undo) {
    setUndoing(true);
    const result = await transferMessages(undo.from, { uids: undo.uids }, undo.to);
    setUndoing(false);
    if (result.ok) onMoved('Undone: the messages are back.');
    else setNotice({ text: `Could not undo: ${result.message}` });
  }

  return (
    <div className="flex min-h-0 flex-1">
      <aside
        className={`${
          foldersOpen ? 'fixed inset-0 z-20 flex' : 'hidden'
        } w-full flex-col overflow-y-auto bg-surface sm:static sm:flex sm:w-60 sm:shrink-0 sm:border-r sm:border-line`}
      >
        <div className="flex items-center justify-between px-3 pt-2 sm:hidden">
          <span className="font-semibold">Folders</span>
          <button
            type="button"
            onClick={() => setFoldersOpen(false)}
            className="flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-line"
          >
            <X aria-hidden className="size-5" />
            <span className="sr-only">Close folders</span>
          </button>
        </div>
        <FolderTree
          current={folder}
          folders={folders}
          problem={problem}
          onNavigate={() => setFoldersOpen(false)}
        />
        {folders && <NewFolderForm folders={folders} onCreated={(created) => open(created.path)} />}
      </aside>
      <main className="flex min-w-0 flex-1 flex-col">
        <div className="flex items-center gap-2 px-3 pt-3">
          <button
            type="button"
            onClick={() => setFoldersOpen(true)}
            className="flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-line sm:hidden"
          >
            <FolderOpen aria-hidden className="size-5" />
            <span className="sr-only">Folders</span>
          </button>
          <h1 className="min-w-0 truncate text-xl font-semibold">{folderName}</h1>
          {current && (
            <div className="ml-auto">
              <FolderActions
                folder={current}
                onRenamed={(renamed) => open(renamed.path)}
                onDeleted={() => open('INBOX')}
              />
            </div>
          )}
        </div>
        <ListToolbar params={params} onChange={setParams} />
        <div className={notice ? 'flex items-center gap-3 px-4 py-1' : 'sr-only'}>
          <p role="status" className="text-sm text-ok">
            {notice?.text}
          </p>
          {notice?.undo && (
            <button
              type="button"
              disabled={undoing}
              onClick={() => void undoMove(notice.undo!)}
              className="min-h-10 rounded-md px-3 text-sm font-medium text-accent underline disabled:opacity-50"
            >
              {undoing ? 'Undoing…' : 'Undo'}
            </button>
          )}
        </div>
        <MessageList
          key={`${params.sort}:${params.order}:${params.filter}:${listVersion}`}
          folder={folder}
          params={params}
          folders={folders}
          onMoved={onMoved}
        />
      </main>
    </div>
  );
}
