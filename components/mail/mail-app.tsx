'use client';

import { FolderOpen } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState, type CSSProperties } from 'react';
import { transferMessages, type MessageListParams } from '@/lib/client/api';
import type { ListAction, Undo } from '@/lib/client/use-list-actions';
import { folderHref } from '@/lib/client/folder-path';
import { useFolders } from '@/lib/client/use-folders';
import { useKeyboardShortcuts } from '@/lib/client/use-keyboard-shortcuts';
import { useMailView } from '@/lib/client/use-mail-view';
import { useMailEvents } from '@/lib/client/use-mail-events';
import { useStoredValue } from '@/lib/client/use-stored-value';
import { useUnreadTitle } from '@/lib/client/use-unread-title';
import { FolderActions } from './folder-actions';
import { FolderTree } from './folder-tree';
import { ListToolbar } from './list-toolbar';
import { MessageList, type MessageListHandle } from './message-list';
import { NewFolderForm } from './new-folder-form';
import { PaneResizer } from './pane-resizer';
import { ReadingPane } from './reading-pane';
import { ShortcutSheet } from './shortcut-sheet';
import { CloseButton } from '@/components/ui/close-button';
import { useCompose } from '@/components/compose/compose-provider';
import { NewMessageButton } from '@/components/compose/new-message-button';
import { SearchBox } from '@/components/search/search-box';
import { SearchResults, type SearchResultsHandle } from '@/components/search/search-results';
import { parseQuery } from '@/lib/shared/search-query';

const defaultParams: MessageListParams = { sort: 'arrival', order: 'desc', filter: 'all' };
const folderPane = { fallback: 240, min: 160, max: 480 };
const listPane = { fallback: 440, min: 300, max: 900 };
const parseWidth = (raw: string) => {
  const value: unknown = JSON.parse(raw);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

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
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [folderWidth, setFolderWidth] = useStoredValue(
    'tern.pane.folders',
    folderPane.fallback,
    parseWidth,
  );
  const [listWidth, setListWidth] = useStoredValue('tern.pane.list', listPane.fallback, parseWidth);
  const list = useRef<MessageListHandle>(null);
  const results = useRef<SearchResultsHandle>(null);
  const { folders, problem, refresh, setCounts } = useFolders();
  const router = useRouter();
  const current = folders?.find((f) => f.path === folder);
  const compose = useCompose();
  useUnreadTitle(folders?.find((f) => f.path === 'INBOX')?.unseen);

  const { q, openUid, openFolder, openMessage, closeMessage, search } = useMailView(folder);
  const searching = q !== null;
  const parsedSearch = q === null ? undefined : parseQuery(q);
  /** The folder a search looks in, or undefined for all of them. */
  const searched =
    parsedSearch?.ok && parsedSearch.query.scope.kind !== 'current'
      ? parsedSearch.query.scope.kind === 'all'
        ? undefined
        : parsedSearch.query.scope.path
      : folder;

  function actOnOpen(action: ListAction, uid: number) {
    if (searching) results.current?.act(action, { folder: openFolder, uid });
    else list.current?.act(action, uid);
    if (action === 'archive' || action === 'junk' || action === 'delete') closeMessage();
  }

  function moveOpen(uid: number, to: string) {
    if (searching) results.current?.move({ folder: openFolder, uid }, to);
    else list.current?.move(uid, to);
    closeMessage();
  }

  function stepFromOpen(uid: number, by: 1 | -1) {
    if (searching) {
      const next = results.current?.step({ folder: openFolder, uid }, by);
      if (next) openMessage(next.uid, next.folder);
    } else {
      const next = list.current?.step(uid, by);
      if (next !== undefined) openMessage(next);
    }
  }

  useKeyboardShortcuts((event) => {
    if (event.key === '?') setShortcutsOpen(true);
    else if (event.key === 'c' && compose) compose.newMessage();
    else if (event.key === 'u' && openUid !== undefined) closeMessage();
    else return false;
    return true;
  });

  function reload() {
    setListVersion((v) => v + 1);
    refresh();
  }

  // The list and the open message follow live events themselves; here the folders do.
  useMailEvents(folder, (event) => {
    if (event.type === 'folder.counts') setCounts(event.path, event.total, event.unseen);
    else if (event.type === 'folder.list') refresh();
    else if (event.type === 'resync' && event.path === undefined) refresh();
    else if (event.type === 'folder.reset' && event.path === folder) reload();
  });

  function open(path: string) {
    refresh();
    router.push(folderHref(path));
  }

  function onMoved(text: string, undo?: Undo) {
    setNotice({ text, undo });
    reload();
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
        style={{ '--folders-width': `${folderWidth}px` } as CSSProperties}
        className={`${
          foldersOpen ? 'fixed inset-0 z-20 flex' : 'hidden'
        } w-full flex-col overflow-y-auto bg-surface sm:static sm:flex sm:w-(--folders-width) sm:shrink-0 print:hidden`}
      >
        <div className="flex items-center justify-between px-3 pt-2 sm:hidden">
          <span className="font-semibold">Folders</span>
          <CloseButton onClick={() => setFoldersOpen(false)} label="Close folders" />
        </div>
        <NewMessageButton />
        <FolderTree
          current={folder}
          folders={folders}
          problem={problem}
          onNavigate={() => setFoldersOpen(false)}
          onDropMessages={(to) => list.current?.dropOn(to)}
        />
        {folders && <NewFolderForm folders={folders} onCreated={(created) => open(created.path)} />}
      </aside>
      <PaneResizer
        label="Resize the folder list"
        width={folderWidth}
        min={folderPane.min}
        max={folderPane.max}
        onResize={setFolderWidth}
      />
      <main
        style={{ '--list-width': `${listWidth}px` } as CSSProperties}
        className={`${openUid === undefined ? 'flex' : 'hidden lg:flex'} min-w-0 flex-1 flex-col lg:w-(--list-width) lg:flex-none lg:shrink-0 print:hidden`}
      >
        <div className="px-3 pt-3">
          <SearchBox
            query={q}
            folder={folder}
            folders={folders?.map((f) => f.path) ?? []}
            // The same search again looks again, as Enter does in any search box.
            onSearch={(text) => {
              if (!search(text)) reload();
            }}
            onClear={() => search(null)}
          />
        </div>
        <div className="flex items-center gap-2 px-3 pt-2">
          <button
            type="button"
            onClick={() => setFoldersOpen(true)}
            className="flex min-h-11 min-w-11 items-center justify-center rounded-md hover:bg-line sm:hidden"
          >
            <FolderOpen aria-hidden className="size-5" />
            <span className="sr-only">Folders</span>
          </button>
          <h1 className="min-w-0 truncate text-xl font-semibold">
            {searching ? 'Search results' : folderName}
          </h1>
          {current && !searching && (
            <div className="ml-auto">
              <FolderActions
                folder={current}
                onRenamed={(renamed) => open(renamed.path)}
                onDeleted={() => open('INBOX')}
              />
            </div>
          )}
        </div>
        {!searching && <ListToolbar params={params} onChange={setParams} onRefresh={reload} />}
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
        {searching ? (
          <SearchResults
            ref={results}
            key={`${q}:${listVersion}`}
            q={q}
            folder={folder}
            searched={searched}
            folders={folders}
            open={openUid === undefined ? undefined : { folder: openFolder, uid: openUid }}
            onOpen={(message) => openMessage(message.uid, message.folder)}
            onMoved={onMoved}
          />
        ) : (
          <MessageList
            ref={list}
            key={`${params.sort}:${params.order}:${params.filter}:${listVersion}`}
            folder={folder}
            params={params}
            folders={folders}
            onMoved={onMoved}
            onRefresh={reload}
            onShowShortcuts={() => setShortcutsOpen(true)}
            openUid={openUid}
            onOpen={(uid) => openMessage(uid, folder)}
          />
        )}
        <NewMessageButton floating />
      </main>
      <div className="hidden lg:flex print:hidden">
        <PaneResizer
          label="Resize the message list"
          width={listWidth}
          min={listPane.min}
          max={listPane.max}
          onResize={setListWidth}
        />
      </div>
      <div className={`${openUid === undefined ? 'hidden lg:flex' : 'flex'} min-w-0 flex-1`}>
        {openUid === undefined ? (
          <p className="m-auto p-6 text-sm text-muted">
            Choose a message to read it here. Press <kbd>?</kbd> for keyboard shortcuts.
          </p>
        ) : (
          <ReadingPane
            key={`${openFolder}:${openUid}`}
            folder={openFolder}
            uid={openUid}
            onClose={closeMessage}
            onAction={actOnOpen}
            folders={folders}
            onMove={(to) => moveOpen(openUid, to)}
            onOpen={(uid) => openMessage(uid)}
            onStep={(by) => stepFromOpen(openUid, by)}
          />
        )}
      </div>
      <ShortcutSheet open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
    </div>
  );
}
