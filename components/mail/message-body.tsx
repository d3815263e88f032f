import { ImageOff } from 'lucide-react';
import type { ReactNode } from 'react';
import { partHref } from '@/lib/client/api';
import type { MessageView } from '@/lib/mail/types';
import { AttachmentList } from './attachment-list';
import { MessageFrame } from './message-frame';
import { PlainTextBody } from './plain-text-body';

export function RemoteContentBanner({
  blocked,
  sender,
  onShow,
  onTrust,
}: {
  blocked: number;
  sender: string | undefined;
  onShow: () => void;
  onTrust: (sender: string) => void;
}) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md bg-surface px-3 py-2 text-sm">
      <ImageOff aria-hidden className="size-4 shrink-0 text-muted" />
      <p className="min-w-0 flex-1 text-muted">
        Remote content blocked ({blocked}), so the sender cannot tell you opened this message.
      </p>
      <button type="button" onClick={onShow} className="min-h-10 text-accent underline">
        Show
      </button>
      {sender && (
        <button
          type="button"
          onClick={() => onTrust(sender)}
          className="min-h-10 text-accent underline"
        >
          Always show from {sender}
        </button>
      )}
    </div>
  );
}

/** What the message says: its HTML in a sandboxed frame, or its text, then its attachments. */
export function MessageBody({
  folder,
  message,
  banner,
  cutNotice,
}: {
  folder: string;
  message: MessageView;
  banner: ReactNode;
  /** Said under a body cut at its limit. */
  cutNotice: ReactNode;
}) {
  const listed = message.attachments.filter(
    (a) => !(a.contentId && message.html?.includes(partHref(folder, message.uid, a.partId))),
  );
  return (
    <>
      {message.remoteContent.blocked > 0 && banner}
      {message.tooComplex ? (
        <p className="rounded-md bg-surface p-3 text-sm">
          This message is too complex to display. Its attachments are listed below.
        </p>
      ) : message.html ? (
        <MessageFrame html={message.html} title={`Message: ${message.subject}`} />
      ) : message.text ? (
        <PlainTextBody text={message.text} />
      ) : (
        <p className="text-sm text-muted">This message has no text.</p>
      )}
      {message.truncated && cutNotice}
      <AttachmentList folder={folder} uid={message.uid} attachments={listed} />
    </>
  );
}
