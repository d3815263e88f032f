'use client';

import { Download, Paperclip } from 'lucide-react';
import { useRef, useState } from 'react';
import { attachmentsZipHref, partHref } from '@/lib/client/api';
import { formatSize } from '@/lib/client/format-size';
import type { Attachment } from '@/lib/mail/types';
import { CloseButton } from '@/components/ui/close-button';

/** Raster types the server shows inline; anything else only downloads. */
const viewable = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/**
 * The message's attachments as chips: images with a thumbnail that opens a viewer, everything
 * else a download; "Download all" zips them on the server. Names reach the page as text only.
 */
export function AttachmentList({
  folder,
  uid,
  attachments,
}: {
  folder: string;
  uid: number;
  attachments: Attachment[];
}) {
  const viewer = useRef<HTMLDialogElement>(null);
  const [viewing, setViewing] = useState<Attachment>();
  if (attachments.length === 0) return null;

  function view(attachment: Attachment) {
    setViewing(attachment);
    viewer.current?.showModal();
  }

  const chip =
    'flex min-h-10 max-w-64 items-center gap-2 rounded-md border border-line px-2 text-sm hover:bg-line';
  return (
    <section aria-label="Attachments" className="mt-4">
      <ul className="flex flex-wrap gap-2">
        {attachments.map((a) => {
          const href = partHref(folder, uid, a.partId);
          const label = (
            <>
              <span className="min-w-0 truncate">{a.filename}</span>
              <span className="shrink-0 text-xs text-muted">{formatSize(a.size)}</span>
            </>
          );
          return (
            <li key={a.partId}>
              {viewable.has(a.contentType) ? (
                <button type="button" onClick={() => view(a)} className={chip}>
                  {/* eslint-disable-next-line @next/next/no-img-element -- a message part, not a site asset */}
                  <img
                    src={`${href}?inline=1`}
                    alt=""
                    loading="lazy"
                    className="size-8 shrink-0 rounded object-cover"
                  />
                  {label}
                </button>
              ) : (
                <a href={href} download={a.filename} className={chip}>
                  <Paperclip aria-hidden className="size-4 shrink-0 text-muted" />
                  {label}
                </a>
              )}
            </li>
          );
        })}
      </ul>
      {attachments.length > 1 && (
        <a
          href={attachmentsZipHref(folder, uid)}
          download
          className="mt-2 inline-flex min-h-10 items-center gap-1 rounded-md px-2 text-sm text-accent hover:bg-line"
        >
          <Download aria-hidden className="size-4" /> Download all ({attachments.length}) as zip
        </a>
      )}
      <dialog
        ref={viewer}
        aria-label={viewing ? `Image: ${viewing.filename}` : 'Image'}
        onClose={() => setViewing(undefined)}
        className="m-auto max-h-[95dvh] max-w-[95vw] rounded-lg border border-line bg-canvas p-3 text-ink backdrop:bg-black/70"
      >
        {viewing && (
          <>
            <div className="mb-2 flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate text-sm">{viewing.filename}</span>
              <a
                href={partHref(folder, uid, viewing.partId)}
                download={viewing.filename}
                className="flex min-h-10 items-center gap-1 rounded-md px-2 text-sm hover:bg-line"
              >
                <Download aria-hidden className="size-4" /> Download
              </a>
              <CloseButton onClick={() => viewer.current?.close()} />
            </div>
            {/* eslint-disable-next-line @next/next/no-img-element -- a message part, not a site asset */}
            <img
              src={`${partHref(folder, uid, viewing.partId)}?inline=1`}
              alt={viewing.filename}
              className="max-h-[80dvh] max-w-full object-contain"
            />
          </>
        )}
      </dialog>
    </section>
  );
}
