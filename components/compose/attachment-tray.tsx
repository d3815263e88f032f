'use client';

import { CircleAlert, Paperclip, X } from 'lucide-react';
import type { ComposeAttachment } from '@/lib/mail/types';
import { IconButton } from '@/components/ui/icon-button';
import type { Refusal } from '@/lib/client/compose/attachments';
import type { UploadTask } from '@/lib/client/compose/compose-session';
import { formatLimit, formatSize } from '@/lib/client/format-size';

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return <IconButton icon={X} label={label} onClick={onClick} iconClassName="size-4" />;
}

/**
 * The message's attachments: those attached (uploaded, kept in the draft, or carried over from a
 * forwarded message), uploads under way with their progress and a cancel button, and the files
 * refused before upload, with why. The limit is said as the user counts sizes.
 */
export function AttachmentTray({
  attachments,
  uploads,
  refusals,
  maxBytes,
  marked,
  onRemove,
  onCancel,
  onDismissRefusals,
}: {
  attachments: ComposeAttachment[];
  uploads: UploadTask[];
  refusals: Refusal[];
  maxBytes: number;
  /** A problem the server named with the attachments (too large, one missing). */
  marked?: string;
  onRemove: (index: number) => void;
  onCancel: (key: string) => void;
  onDismissRefusals: () => void;
}) {
  const total = attachments.reduce((sum, a) => sum + a.size, 0);
  const empty = attachments.length === 0 && uploads.length === 0;
  if (empty && refusals.length === 0 && !marked) return null;
  const row = 'flex min-h-10 items-center gap-2 rounded-md border border-line px-2 text-sm';
  return (
    <section aria-label="Attachments" className="border-t border-line px-3 py-2">
      {!empty && (
        <p className="mb-1 text-xs text-muted">
          {formatSize(total)} of {formatLimit(maxBytes)} attached
        </p>
      )}
      <ul className="flex flex-col gap-1">
        {attachments.map((attachment, index) => (
          <li key={`${attachment.filename}:${index}`} className={row}>
            <Paperclip aria-hidden className="size-4 shrink-0 text-muted" />
            <span className="min-w-0 flex-1 truncate">{attachment.filename}</span>
            <span className="shrink-0 text-xs text-muted">{formatSize(attachment.size)}</span>
            <RemoveButton label={`Remove ${attachment.filename}`} onClick={() => onRemove(index)} />
          </li>
        ))}
        {uploads.map((upload) => (
          <li key={upload.key} className={`${row} ${upload.problem ? 'border-bad' : ''}`}>
            {upload.problem ? (
              <CircleAlert aria-hidden className="size-4 shrink-0 text-bad" />
            ) : (
              <Paperclip aria-hidden className="size-4 shrink-0 text-muted" />
            )}
            <span className="flex min-w-0 flex-1 flex-col">
              <span className="truncate">{upload.filename}</span>
              {upload.problem ? (
                <span className="text-xs text-bad">Not uploaded: {upload.problem}</span>
              ) : (
                <progress
                  max={upload.size || 1}
                  value={upload.sent}
                  aria-label={`Uploading ${upload.filename}`}
                  className="h-1.5 w-full accent-accent"
                />
              )}
            </span>
            <span className="shrink-0 text-xs text-muted">
              {upload.problem
                ? formatSize(upload.size)
                : `${formatSize(upload.sent)} of ${formatSize(upload.size)}`}
            </span>
            <RemoveButton
              label={
                upload.problem ? `Remove ${upload.filename}` : `Cancel uploading ${upload.filename}`
              }
              onClick={() => onCancel(upload.key)}
            />
          </li>
        ))}
      </ul>
      {marked && (
        <p role="alert" className="mt-1 text-sm text-bad">
          {marked}
        </p>
      )}
      {refusals.length > 0 && (
        <div role="alert" className="mt-1 flex items-start gap-2 text-sm text-bad">
          <ul className="flex-1">
            {refusals.map((r, index) => (
              <li key={index}>
                {r.filename} {r.reason}
              </li>
            ))}
          </ul>
          <RemoveButton label="Dismiss" onClick={onDismissRefusals} />
        </div>
      )}
    </section>
  );
}
