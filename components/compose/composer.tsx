'use client';

import {
  ChevronUp,
  CircleAlert,
  LoaderCircle,
  Minus,
  Paperclip,
  Send,
  Trash2,
  X,
} from 'lucide-react';
import { useId, useRef, useState, useSyncExternalStore, type DragEvent } from 'react';
import type { Address, ComposeBody as Body, ComposeSetup } from '@/lib/mail/types';
import type { Refusal } from '@/lib/client/compose/attachments';
import { convertBody } from '@/lib/client/compose/body-text';
import type { ComposeSession } from '@/lib/client/compose/compose-session';
import { recipientProblem } from '@/lib/client/compose/recipients';
import { saveStatusText } from '@/lib/client/compose/save-status';
import { IconButton } from '@/components/ui/icon-button';
import { AddressField, type AddressFieldHandle, type RecipientNote } from './address-field';
import { AttachmentTray } from './attachment-tray';
import { ComposeBody } from './compose-body';

type RecipientField = 'to' | 'cc' | 'bcc';

const titles = {
  new: 'New message',
  reply: 'Reply',
  reply_all: 'Reply to all',
  forward: 'Forward',
  forward_attachment: 'Forward',
} as const;

function hasFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/** Why the message cannot go yet, and where: checked before the Undo countdown starts. */
function sendProblem(
  fields: ComposeSession['fields'],
  uploading: boolean,
  failedUploads: boolean,
): { text: string; field?: RecipientField } | undefined {
  if (fields.to.length + fields.cc.length + fields.bcc.length === 0)
    return { text: 'Add at least one recipient.', field: 'to' };
  for (const field of ['to', 'cc', 'bcc'] as const)
    if (fields[field].some((r) => recipientProblem(r) !== undefined))
      return { text: 'Fix or remove the addresses marked in red before sending.', field };
  if (uploading) return { text: 'Wait until the attachments have finished uploading.' };
  if (failedUploads)
    return { text: 'Remove the attachments that could not be uploaded, or add them again.' };
  return undefined;
}

/**
 * One message being written: a panel at the bottom right that can be minimised while the list and
 * the message stay usable, or the whole screen on a phone. Everything typed goes straight into the
 * compose session (kept in IndexedDB, saved to Drafts); the panel only shows it.
 */
export function Composer({
  session,
  setup,
  phone,
  minimised,
  onMinimise,
  onRestore,
  onClose,
  onDiscard,
  onSend,
  onDetach,
}: {
  session: ComposeSession;
  setup: ComposeSetup;
  phone: boolean;
  minimised: boolean;
  onMinimise: () => void;
  onRestore: () => void;
  /** Closes the panel; the draft is kept (and saved to Drafts). */
  onClose: () => void;
  onDiscard: () => void;
  /** Starts the send (the Undo countdown): the fields were checked. */
  onSend: () => void;
  /** Takes the n-th attachment off the message. */
  onDetach: (index: number) => void;
}) {
  const id = useId();
  const snapshot = useSyncExternalStore(
    session.subscribe,
    session.getSnapshot,
    session.getSnapshot,
  );
  const { record, saveStatus, uploads } = snapshot;
  const fields = record.fields;
  const [shown, setShown] = useState({ cc: fields.cc.length > 0, bcc: fields.bcc.length > 0 });
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [problem, setProblem] = useState<string>();
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [dragging, setDragging] = useState(false);
  const toRef = useRef<AddressFieldHandle>(null);
  const ccRef = useRef<AddressFieldHandle>(null);
  const bccRef = useRef<AddressFieldHandle>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLElement>(null);
  const identity: Address | undefined = setup.identities[0];
  const marks = record.marks;
  const title = titles[fields.origin?.kind ?? 'new'];
  // The focus starts where the user writes next: the body of a reply, else the To field.
  const [focusBody] = useState(() => fields.to.length > 0);

  const edit = session.edit.bind(session);
  const recipients = (field: RecipientField) => (change: (current: Address[]) => Address[]) =>
    edit((f) => ({ ...f, [field]: change(f[field]) }));

  const note =
    (field: RecipientField): RecipientNote =>
    (recipient, index) => {
      const refused = marks?.refused?.find(
        (r) => r.address.toLowerCase() === recipient.address.toLowerCase(),
      );
      if (refused) return `${recipient.address} was refused: ${refused.reply}`;
      if (
        marks?.field?.field === field &&
        (marks.field.index === undefined || marks.field.index === index)
      )
        return `${recipient.address}: ${marks.field.message}`;
      return undefined;
    };

  function attach(files: File[]) {
    if (files.length === 0) return;
    setRefusals(session.attach(files, setup.attachmentMaxBytes));
  }

  function send() {
    for (const field of [toRef, ccRef, bccRef]) field.current?.commit();
    if (!identity) {
      setProblem(setup.unavailable ?? 'Sending is not possible for this account.');
      return;
    }
    const found = sendProblem(
      session.fields,
      session.uploading(),
      uploads.some((u) => u.problem),
    );
    if (found) {
      setProblem(found.text);
      if (found.field) {
        setShown((s) => ({ ...s, [found.field!]: true }));
        panel.current?.querySelector<HTMLElement>(`[data-field="${found.field}"] input`)?.focus();
      }
      return;
    }
    setProblem(undefined);
    onSend();
  }

  if (minimised && !phone)
    return (
      <section
        data-composer
        aria-label={`${title} (minimised)`}
        className="fixed right-4 bottom-0 z-30 flex w-72 items-center gap-1 rounded-t-lg border border-line bg-surface px-2 py-1 shadow-xl print:hidden"
      >
        <button
          type="button"
          onClick={onRestore}
          className="flex min-h-10 min-w-0 flex-1 items-center gap-2 rounded-md px-2 text-left text-sm font-medium hover:bg-line"
        >
          <ChevronUp aria-hidden className="size-4 shrink-0" />
          <span className="min-w-0 truncate">{fields.subject || title}</span>
          <span className="sr-only">, open the composer</span>
        </button>
        <IconButton icon={X} label="Close (the draft is kept)" onClick={onClose} />
      </section>
    );

  const statusText = saveStatusText(saveStatus, record.saved?.at);
  const failed = saveStatus.kind === 'failed' || snapshot.localProblem;
  const subjectMarked = marks?.field?.field === 'subject' ? marks.field.message : undefined;
  const attachmentsMarked =
    marks?.field?.field === 'attachments' ? `An attachment ${marks.field.message}` : undefined;

  return (
    <section
      ref={panel}
      data-composer
      aria-labelledby={`${id}-title`}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          send();
        } else if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        attach(Array.from(event.dataTransfer.files));
      }}
      className={`fixed z-30 flex flex-col bg-canvas text-ink print:hidden ${
        phone
          ? 'inset-0'
          : 'right-4 bottom-0 h-[min(44rem,calc(100dvh-4rem))] w-[min(40rem,calc(100vw-2rem))] rounded-t-lg border border-line shadow-2xl'
      } ${dragging ? 'outline-2 outline-offset-[-4px] outline-accent outline-dashed' : ''}`}
    >
      <div className="flex items-center gap-1 border-b border-line bg-surface px-2 py-1 sm:rounded-t-lg">
        <h2 id={`${id}-title`} className="min-w-0 flex-1 truncate px-1 font-semibold">
          {title}
        </h2>
        {!phone && (
          <IconButton icon={Minus} label="Minimise" onClick={onMinimise} iconClassName="size-4" />
        )}
        <IconButton icon={X} label="Close (the draft is kept)" onClick={onClose} />
      </div>
      <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">
        {record.problem && (
          <div
            role="alert"
            className="flex items-start gap-2 border-b border-line px-3 py-2 text-sm text-bad"
          >
            <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0" />
            <p className="flex-1">{record.problem}</p>
            <button
              type="button"
              onClick={() => session.update({ problem: undefined })}
              className="min-h-8 shrink-0 rounded-md px-2 underline"
            >
              Dismiss
            </button>
          </div>
        )}
        <div className="flex min-h-10 items-center gap-2 border-b border-line px-3 text-sm">
          <span className="w-14 shrink-0 text-muted">From</span>
          {identity ? (
            <span className="min-w-0 truncate">
              {identity.name ? `${identity.name} <${identity.address}>` : identity.address}
            </span>
          ) : (
            <span className="text-bad">
              {setup.unavailable ?? 'Sending is not possible for this account.'}
            </span>
          )}
        </div>
        <div data-field="to">
          <AddressField
            label="To"
            recipients={fields.to}
            onChange={recipients('to')}
            note={note('to')}
            ref={toRef}
            autoFocus={!focusBody}
            trailing={
              <div className="flex shrink-0 gap-1 pt-0.5">
                {!shown.cc && (
                  <button
                    type="button"
                    onClick={() => setShown((s) => ({ ...s, cc: true }))}
                    className="min-h-9 rounded-md px-2 text-sm text-muted hover:bg-line"
                  >
                    Cc
                  </button>
                )}
                {!shown.bcc && (
                  <button
                    type="button"
                    onClick={() => setShown((s) => ({ ...s, bcc: true }))}
                    className="min-h-9 rounded-md px-2 text-sm text-muted hover:bg-line"
                  >
                    Bcc
                  </button>
                )}
              </div>
            }
          />
        </div>
        {(['cc', 'bcc'] as const).map(
          (field) =>
            (shown[field] || fields[field].length > 0) && (
              <div key={field} data-field={field}>
                <AddressField
                  label={field === 'cc' ? 'Cc' : 'Bcc'}
                  recipients={fields[field]}
                  onChange={recipients(field)}
                  note={note(field)}
                  ref={field === 'cc' ? ccRef : bccRef}
                />
              </div>
            ),
        )}
        <div className="flex min-h-11 items-center gap-2 border-b border-line px-3">
          <label htmlFor={`${id}-subject`} className="w-14 shrink-0 text-sm text-muted">
            Subject
          </label>
          <input
            id={`${id}-subject`}
            type="text"
            value={fields.subject}
            maxLength={1000}
            aria-invalid={subjectMarked ? true : undefined}
            aria-describedby={subjectMarked ? `${id}-subject-problem` : undefined}
            onChange={(event) => edit((f) => ({ ...f, subject: event.target.value }))}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.ctrlKey && !event.metaKey) event.preventDefault();
            }}
            className="min-h-9 min-w-0 flex-1 bg-transparent text-base sm:text-sm"
          />
        </div>
        {subjectMarked && (
          <p id={`${id}-subject-problem`} className="px-3 py-1 text-sm text-bad">
            The subject {subjectMarked}
          </p>
        )}
        <div className="flex min-h-48 flex-1 flex-col">
          <ComposeBody
            key={fields.body.mode}
            body={fields.body}
            autoFocus={focusBody}
            onChange={(body: Body) => edit((f) => ({ ...f, body }))}
          />
        </div>
        <AttachmentTray
          attachments={fields.attachments}
          uploads={uploads}
          refusals={refusals}
          maxBytes={setup.attachmentMaxBytes}
          marked={attachmentsMarked}
          onRemove={onDetach}
          onCancel={(key) => session.cancelUpload(key)}
          onDismissRefusals={() => setRefusals([])}
        />
      </div>
      {problem && (
        <p
          role="alert"
          className="flex items-center gap-2 border-t border-line px-3 py-1.5 text-sm text-bad"
        >
          <CircleAlert aria-hidden className="size-4 shrink-0" />
          {problem}
        </p>
      )}
      {confirmDiscard ? (
        <div
          role="group"
          aria-label="Discard this message?"
          className="flex flex-wrap items-center gap-2 border-t border-line px-3 py-2"
        >
          <p className="flex-1 text-sm">Discard this message? Its draft is deleted too.</p>
          <button
            type="button"
            onClick={onDiscard}
            className="min-h-10 rounded-md bg-bad px-3 text-sm font-medium text-accent-ink"
          >
            Discard
          </button>
          <button
            type="button"
            autoFocus
            onClick={() => setConfirmDiscard(false)}
            className="min-h-10 rounded-md px-3 text-sm hover:bg-line"
          >
            Keep writing
          </button>
        </div>
      ) : (
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-t border-line px-3 py-2">
          <button
            type="button"
            onClick={send}
            disabled={!identity}
            title="Send (Ctrl+Enter)"
            className="flex min-h-10 items-center gap-2 rounded-md bg-accent px-4 text-sm font-medium text-accent-ink disabled:opacity-60"
          >
            <Send aria-hidden className="size-4" /> Send
          </button>
          <button
            type="button"
            onClick={() => fileInput.current?.click()}
            title={`Attach files (up to ${Math.round(setup.attachmentMaxBytes / 1024 / 1024)} MB in all)`}
            className="flex min-h-10 min-w-10 items-center justify-center gap-1 rounded-md px-2 text-sm hover:bg-line"
          >
            <Paperclip aria-hidden className="size-4" />
            <span className="max-sm:sr-only">Attach</span>
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            aria-label="Attach files"
            onChange={(event) => {
              attach(Array.from(event.target.files ?? []));
              event.target.value = '';
            }}
          />
          <button
            type="button"
            aria-pressed={fields.body.mode === 'text'}
            onClick={() =>
              edit((f) => ({
                ...f,
                body: convertBody(f.body, f.body.mode === 'html' ? 'text' : 'html'),
              }))
            }
            className="min-h-10 rounded-md px-2 text-sm hover:bg-line aria-pressed:bg-line"
          >
            Plain text
          </button>
          <p
            role="status"
            className={`flex min-w-0 items-center gap-1 text-xs max-sm:order-first max-sm:w-full sm:flex-1 ${failed ? 'text-bad' : 'text-muted'}`}
          >
            {saveStatus.kind === 'saving' && (
              <LoaderCircle aria-hidden className="size-3 animate-spin" />
            )}
            <span className="min-w-0">
              {snapshot.localProblem ? 'This browser refused to keep a copy. ' : ''}
              {statusText}
            </span>
          </p>
          <IconButton
            icon={Trash2}
            label="Discard"
            onClick={() => setConfirmDiscard(true)}
            iconClassName="size-4"
          />
        </div>
      )}
    </section>
  );
}
