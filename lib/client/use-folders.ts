'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Folder } from '@/lib/mail/types';
import { fetchFolders } from './api';

/** The folder list with counts; `refresh` after anything that moves mail around. */
export function useFolders(): {
  folders: Folder[] | undefined;
  problem: string | undefined;
  refresh: () => void;
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
  return { folders, problem, refresh };
}
