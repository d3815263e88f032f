'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Folder } from '@/lib/mail/types';
import { fetchFolders } from './api';

/** The list with one folder's counts changed; the same list when they are as they were. */
export function withCounts(
  folders: Folder[],
  path: string,
  total: number,
  unseen: number,
): Folder[] {
  const changed = folders.some(
    (f) => f.path === path && (f.total !== total || f.unseen !== unseen),
  );
  if (!changed) return folders;
  return folders.map((f) => (f.path === path ? { ...f, total, unseen } : f));
}

/**
 * The folder list with counts; `refresh` after anything that moves mail around, `setCounts`
 * when a live event brings one folder's counts.
 */
export function useFolders(): {
  folders: Folder[] | undefined;
  problem: string | undefined;
  refresh: () => void;
  setCounts: (path: string, total: number, unseen: number) => void;
} {
  const [folders, setFolders] = useState<Folder[]>();
  const [problem, setProblem] = useState<string>();
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchFolders(controller.signal).then(
      (result) => {
        if (result.ok) {
          setFolders(result.value.folders);
          setProblem(undefined);
        } else setProblem(result.message);
      },
      () => {}, // aborted: a newer refresh or unmount
    );
    return () => controller.abort();
  }, [version]);

  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const setCounts = useCallback((path: string, total: number, unseen: number) => {
    setFolders((current) => current && withCounts(current, path, total, unseen));
  }, []);
  return { folders, problem, refresh, setCounts };
}
