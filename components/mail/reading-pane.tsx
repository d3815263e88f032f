'use client';

import {
  Archive,
  ArrowLeft,
  ChevronDown,
  ChevronUp,
  Download,
  FileCode,
  FolderInput,
  OctagonAlert,
  Printer,
  CircleAlert,
  LoaderCircle,
  Mail,
  Forward,
  PenLine,
  Reply,
  ReplyAll,
  Star,
  Trash2,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { sourceHref } from '@/lib/client/api';
import { markReadDelayMs, useMarkReadMode, useTrustedSenders } from '@/lib/client/preferences';
import { fullDate } from '@/lib/client/format-date';
import { useConversation } from '@/lib/client/use-conversation';
import { useDelayed } from '@/lib/client/use-delayed';
import { useLiveMessage } from '@/lib/client/use-live-message';
import { useMessage } from '@/lib/client/use-message';
import type { ListAction } from '@/lib/client/use-list-actions';
import { useKeyboardShortcuts } from '@/lib/client/use-keyboard-shortcuts';
import type { ComposeOriginKind, Folder } from '@/lib/mail/types';
import { useCompose } from '@/components/compose/compose-provider';
import { IconSelect } from './icon-select';
import { ConversationList } from './conversation-list';
import { AddressText, Recipients } from './message-addresses';
import { MessageBody, RemoteContentBanner } from './message-body';
import { MessageGone } from './message-gone';
import { PaneButton, PaneLink } from './pane-controls';
import { CutNotice, ReloadProblem, ReloadProgress } from './reload-status';

/** r, a, f, Shift+F: reply, reply all, forward, forward as attachment (as most mail apps). */
const respondKeys: Partial<Record<string, ComposeOriginKind>> = {
  r: 'reply',
  a: 'reply_all',
  f: 'forward',
  F: 'forward_attachment',
};

/** The answers to a message, under it: text buttons, in reach of a thumb on a phone. */
function RespondBar({ onRespond }: { onRespond: (mode: ComposeOriginKind) => void }) {
  const button =
    'flex min-h-11 items-center gap-2 rounded-md border border-line px-3 text-sm hover:bg-line';
  return (
    <div role="group" aria-label="Respond" className="mt-6 mb-2 flex flex-wrap gap-2 print:hidden">
      <button type="button" onClick={() => onRespond('reply')} className={button}>
        <Reply aria-hidden className="size-4" /> Reply
      </button>
      <button type="button" onClick={() => onRespond('reply_all')} className={button}>
        <ReplyAll aria-hidden className="size-4" /> Reply all
      </button>
      <button type="button" onClick={() => onRespond('forward')} className={button}>
        <Forward aria-hidden className="size-4" /> Forward
      </button>
      <button type="button" onClick={() => onRespond('forward_attachment')} className={button}>
        <Forward aria-hidden className="size-4" /> Forward as attachment
      </button>
    </div>
  );
}

/** Asking for the open message again shows progress only when it takes longer than this. */
const progressDelayMs = 500;

/**
 * The open message: who sent it (address always visible), to whom, when, what it says, and its
 * attachments, with the same actions as the list. On a phone it fills the screen.
 */
export function ReadingPane({
  folder,
  uid,
  onClose,
  onAction,
  onStep,
  onOpen,
  folders,
  onMove,
}: {
  folder: string;
  uid: number;
  folders: Folder[] | undefined;
  onClose: () => void;
  onAction: (action: ListAction, uid: number) => void;
  onMove: (to: string) => void;
  /** Opens the next (1) or previous (-1) message of the list. */
  onStep: (by: 1 | -1) => void;
  /** Opens another message of this folder (one of the conversation). */
  onOpen: (uid: number) => void;
}) {
  const [attempt, setAttempt] = useState(0);
  const [showRemote, setShowRemote] = useState(false);
  const [full, setFull] = useState(false);
  const senders = useTrustedSenders();
  const [sender, setSender] = useState<string>();
  const live = useLiveMessage(folder, uid);
  const remote = showRemote || senders.trusts(sender);
  const state = useMessage(folder, uid, { remote, full }, attempt + live.resets);
  const reloading = state.status === 'ready' && Boolean(state.reloading) && !live.gone;
  const reloadProblem = state.status === 'ready' && !live.gone ? state.reloadProblem : undefined;
  const slow = useDelayed(reloading, progressDelayMs);
  const conversation = useConversation(folder, uid);
  const message = state.status === 'ready' && !live.gone ? state.message : undefined;
  // Learned from the first answer: a trusted sender's message is then asked for again, remote.
  const from = message?.from[0]?.address;
  if (from !== undefined && from !== sender) setSender(from);
  const flags = live.flags ?? message?.flags ?? [];
  // A star clicked here shows at once; a change made elsewhere since replaces it.
  const [starred, setStarred] = useState<boolean>();
  const [starredBefore, setStarredBefore] = useState(live.flags);
  if (starredBefore !== live.flags) {
    setStarredBefore(live.flags);
    setStarred(undefined);
  }
  const [markRead] = useMarkReadMode();
  const compose = useCompose();
  const respond =
    compose && message
      ? (mode: ComposeOriginKind) => compose.respond(mode, folder, uid)
      : undefined;
  const isDraft =
    folders?.find((f) => f.path === folder)?.specialUse === 'drafts' || flags.includes('\\Draft');

  useKeyboardShortcuts((event) => {
    const mode = respondKeys[event.key];
    if (!mode || !respond) return false;
    respond(mode);
    return true;
  });

  // Marked read as the user chose: once it shows, after it stayed open a moment, or never. As
  // fetched: marked unread elsewhere while open, it stays unread.
  const unread = message ? !message.flags.includes('\\Seen') : false;
  useEffect(() => {
    if (!unread || markRead === 'never') return;
    const timer = setTimeout(
      () => onAction('read', uid),
      markRead === 'delay' ? markReadDelayMs : 0,
    );
    return () => clearTimeout(timer);
    // Once per message shown; a changed callback identity is not a reason to mark it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unread, markRead, uid]);

  const isStarred = starred ?? flags.includes('\\Flagged');
  // Asking for all of a cut body is answered under it, where the reader clicked; any other
  // asking again (remote content) above the message.
  const belowCut = full && Boolean(message?.truncated);
  const retry = () => setAttempt((a) => a + 1);
  return (
    <article aria-label="Message" className="flex min-h-0 min-w-0 flex-1 flex-col bg-canvas">
      <div className="flex items-center gap-0.5 overflow-x-auto border-b border-line px-2 py-1 print:hidden">
        <PaneButton label="Back to the list" onClick={onClose}>
          <ArrowLeft aria-hidden className="size-5" />
        </PaneButton>
        <PaneButton label="Previous message" onClick={() => onStep(-1)} wideOnly>
          <ChevronUp aria-hidden className="size-4" />
        </PaneButton>
        <PaneButton label="Next message" onClick={() => onStep(1)} wideOnly>
          <ChevronDown aria-hidden className="size-4" />
        </PaneButton>
        {respond && (
          <>
            <PaneButton label="Reply" onClick={() => respond('reply')} wideOnly>
              <Reply aria-hidden className="size-4" />
            </PaneButton>
            <PaneButton label="Reply all" onClick={() => respond('reply_all')} wideOnly>
              <ReplyAll aria-hidden className="size-4" />
            </PaneButton>
            <PaneButton label="Forward" onClick={() => respond('forward')} wideOnly>
              <Forward aria-hidden className="size-4" />
            </PaneButton>
          </>
        )}
        <div className="ml-auto flex items-center gap-0.5">
          <PaneButton label="Archive" onClick={() => onAction('archive', uid)}>
            <Archive aria-hidden className="size-4" />
          </PaneButton>
          <PaneButton label="Junk" onClick={() => onAction('junk', uid)}>
            <OctagonAlert aria-hidden className="size-4" />
          </PaneButton>
          <PaneButton label="Delete" onClick={() => onAction('delete', uid)}>
            <Trash2 aria-hidden className="size-4" />
          </PaneButton>
          <IconSelect
            compact
            label="Move to folder"
            icon={<FolderInput className="size-4" />}
            value=""
            onChange={(event) => event.target.value && onMove(event.target.value)}
          >
            <option value="">Move to…</option>
            {(folders ?? [])
              .filter((f) => f.path !== folder)
              .map((f) => (
                <option key={f.path} value={f.path}>
                  {f.path === 'INBOX' ? 'Inbox' : f.path}
                </option>
              ))}
          </IconSelect>
          <PaneButton
            label="Star"
            pressed={isStarred}
            onClick={() => {
              setStarred(!isStarred);
              onAction(isStarred ? 'unstar' : 'star', uid);
            }}
          >
            <Star aria-hidden className={`size-4 ${isStarred ? 'fill-current text-accent' : ''}`} />
          </PaneButton>
          <PaneButton label="Mark unread" onClick={() => onAction('unread', uid)}>
            <Mail aria-hidden className="size-4" />
          </PaneButton>
          <PaneButton label="Print" onClick={() => window.print()} wideOnly>
            <Printer aria-hidden className="size-4" />
          </PaneButton>
          <PaneLink label="Show original" href={sourceHref(folder, uid, true)}>
            <FileCode aria-hidden className="size-4" />
          </PaneLink>
          <PaneLink label="Download message" href={sourceHref(folder, uid, false)} download>
            <Download aria-hidden className="size-4" />
          </PaneLink>
        </div>
      </div>
      {/* Focusable, so the keyboard can scroll a long message. */}
      <div tabIndex={0} className="min-h-0 flex-1 overflow-y-auto px-4 py-3 print:overflow-visible">
        {live.gone && <MessageGone folder={folder} onClose={onClose} />}
        {state.status === 'loading' && !live.gone && (
          <p role="status" className="flex items-center gap-2 text-muted">
            <LoaderCircle aria-hidden className="size-4 animate-spin" /> Opening the message…
          </p>
        )}
        {state.status === 'failed' && !live.gone && (
          <div role="alert" className="flex items-center gap-2 text-sm text-bad">
            <CircleAlert aria-hidden className="size-4 shrink-0" />
            <span className="flex-1">The message could not be opened: {state.problem}</span>
            <button type="button" onClick={retry} className="min-h-9 rounded-md px-3 underline">
              Try again
            </button>
          </div>
        )}
        {!belowCut && reloading && slow && <ReloadProgress>Loading…</ReloadProgress>}
        {!belowCut && reloadProblem && (
          <ReloadProblem what="The message" problem={reloadProblem} onRetry={retry} />
        )}
        {message && (
          <>
            <ConversationList messages={conversation} openUid={uid} onOpen={onOpen} />
            {isDraft && compose && (
              <div className="mb-3 flex flex-wrap items-center gap-2 rounded-md border border-line bg-surface px-3 py-2 text-sm">
                <span className="flex-1">This message is a draft.</span>
                <button
                  type="button"
                  onClick={() => compose.continueDraft(folder, uid)}
                  className="flex min-h-10 items-center gap-2 rounded-md bg-accent px-3 font-medium text-accent-ink"
                >
                  <PenLine aria-hidden className="size-4" /> Continue editing
                </button>
              </div>
            )}
            <h2 className="text-xl font-semibold break-words">
              {message.subject || '(no subject)'}
            </h2>
            <div className="mt-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
              <div className="min-w-0 text-sm break-words">
                {message.from.length > 0 ? (
                  message.from.map((a, i) => <AddressText key={i} address={a} />)
                ) : (
                  <span className="text-muted">(no sender)</span>
                )}
              </div>
              <time dateTime={message.date} className="shrink-0 text-xs text-muted">
                {fullDate(message.date)}
              </time>
            </div>
            <div className="mt-1 mb-4 flex flex-col gap-0.5 break-words">
              <Recipients label="To" list={message.to} />
              <Recipients label="Cc" list={message.cc} />
            </div>
            <MessageBody
              folder={folder}
              message={message}
              banner={
                <RemoteContentBanner
                  blocked={message.remoteContent.blocked}
                  sender={from}
                  onShow={() => setShowRemote(true)}
                  onTrust={senders.trust}
                />
              }
              cutNotice={
                <CutNotice
                  limit={message.bodyLimit}
                  phase={
                    !full ? 'offer' : reloading ? 'loading' : reloadProblem ? 'failed' : 'at-most'
                  }
                  slow={slow}
                  problem={reloadProblem}
                  originalHref={sourceHref(folder, uid, false)}
                  onShowAll={() => setFull(true)}
                  onRetry={retry}
                />
              }
            />
            {respond && <RespondBar onRespond={respond} />}
          </>
        )}
      </div>
    </article>
  );
}
