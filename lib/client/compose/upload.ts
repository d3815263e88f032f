/**
 * One attachment's upload: the File itself as the body of an XHR (fetch reports no upload
 * progress), so the browser streams it from disk and the server spools it without holding it in
 * memory. A 401 asks for the password in place and sends the file again.
 */
import type { UploadedFile } from '@/lib/mail/types';
import { resultOf, unreachable, type ApiResult } from '../api';
import { renewSession } from '../session-ended';

export interface Upload {
  /** Resolves with the spooled file, or the failure; an aborted upload resolves as aborted. */
  done: Promise<ApiResult<UploadedFile> | { ok: false; aborted: true }>;
  abort: () => void;
}

export function uploadPath(file: { name: string; type: string }): string {
  const query = new URLSearchParams({
    filename: file.name,
    type: file.type || 'application/octet-stream',
  });
  return `/api/compose/attachments?${query}`;
}

export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): Upload {
  let request: XMLHttpRequest | undefined;
  let aborted = false;

  const once = () =>
    new Promise<ApiResult<UploadedFile> | { ok: false; aborted: true }>((resolve) => {
      const xhr = new XMLHttpRequest();
      request = xhr;
      xhr.open('POST', uploadPath(file));
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.upload.onprogress = (event) =>
        onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
      xhr.onload = () =>
        resolve(
          resultOf<UploadedFile>(
            xhr.status,
            xhr.responseText,
            xhr.getResponseHeader('retry-after'),
          ),
        );
      xhr.onerror = () => resolve(unreachable);
      xhr.onabort = () => resolve({ ok: false, aborted: true });
      xhr.send(file);
    });

  const done = (async () => {
    const first = await once();
    if (first.ok || 'aborted' in first || first.status !== 401 || aborted) return first;
    const renewal = renewSession();
    if (!renewal || !(await renewal) || aborted) return first;
    onProgress(0, file.size);
    return once();
  })();

  return {
    done,
    abort() {
      aborted = true;
      request?.abort();
    },
  };
}
