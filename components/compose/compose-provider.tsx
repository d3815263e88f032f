'use client';

/**
 * Composing for the whole mail app, mounted above the folder pages so that changing folder,
 * minimising or closing the composer loses nothing: the composer on screen, composes closed but
 * not yet saved to Drafts, the Undo countdown and the answers of sends, and the password asked
 * for in place when the session ends with words on the page. After a reload it takes back what
 * IndexedDB kept: the open composer, a countdown the page closed during (not sent, said so), a
 * send that got no answer (asked again: the server knows each compose by its id).
 */
import {
  createContext,
  useContext,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { ApiResult } from '@/lib/client/api';
import { hasContent } from '@/lib/client/compose/body-text';
import {
  discardDraft,
  fetchComposeSetup,
  fetchDraft,
  fetchPrefill,
  removeUpload,
  saveDraft,
  sendMessage,
} from '@/lib/client/compose/compose-api';
import { newComposeId } from '@/lib/client/compose/compose-id';
import { ComposeSession } from '@/lib/client/compose/compose-session';
import {
  openDraftStore,
  type DraftStore,
  type LocalDraft,
} from '@/lib/client/compose/drafts-store';
import {
  fieldProblemOf,
  noticeFor,
  unansweredNotice,
  type NoticeAction,
} from '@/lib/client/compose/send-outcome';
import { claimCompose, type Release } from '@/lib/client/compose/tab-claim';
import { uploadFile } from '@/lib/client/compose/upload';
import { useOutbox } from '@/lib/client/compose/use-outbox';
import { isComposerEntry, usePhoneBack } from '@/lib/client/compose/use-phone-back';
import { useReauthClaim } from '@/lib/client/compose/use-reauth-claim';
import { useUndoSendSeconds } from '@/lib/client/preferences';
import { goToLogin } from '@/lib/client/session-ended';
import { useMediaQuery } from '@/lib/client/use-media-query';
import type {
  ComposeFields,
  ComposeOriginKind,
  ComposePrefill,
  ComposeSetup,
  SendResult,
} from '@/lib/mail/types';
import { Composer } from './composer';
import { ReauthDialog } from './reauth-dialog';
import { SendToasts, type OutboxView } from './send-toast';

export interface ComposeActions {
  newMessage: () => void;
  /** Reply, reply all, forward (inline or as attachment) to a message. */
  respond: (mode: ComposeOriginKind, folder: string, uid: number) => void;
  /** Opens a message in Drafts in the composer. */
  continueDraft: (folder: string, uid: number) => void;
}

const ComposeContext = createContext<ComposeActions | undefined>(undefined);

/** The compose actions, or undefined outside the mail app. */
export function useCompose(): ComposeActions | undefined {
  return useContext(ComposeContext);
}

const tabClosedProblem =
  'Not sent: the page was closed during the Undo countdown, so nothing went out. Send it when you are ready.';
const fallbackAttachmentBytes = 25 * 1024 * 1024;

function emptyFields(composeId: string): ComposeFields {
  return {
    composeId,
    revision: 0,
    to: [],
    cc: [],
    bcc: [],
    subject: '',
    body: { mode: 'html', html: '' },
    attachments: [],
  };
}

function fieldsFrom(prefill: ComposePrefill, composeId: string): ComposeFields {
  const { composeId: _ignored, ...rest } = prefill;
  return { ...rest, composeId, revision: 0 };
}

export function ComposeProvider({ account, children }: { account: string; children: ReactNode }) {
  const [active, setActiveState] = useState<{ session: ComposeSession; minimised: boolean }>();
  const activeRef = useRef(active);
  const outbox = useOutbox();
  const [setup, setSetup] = useState<ComposeSetup>();
  const store = useRef<Promise<DraftStore>>(undefined);
  const setupCall = useRef<Promise<ApiResult<ComposeSetup>>>(undefined);
  const releases = useRef(new Map<string, Release>());
  const parked = useRef(new Map<string, ComposeSession>());
  const countdowns = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const busy = useRef(false);
  const phone = useMediaQuery('(max-width: 639px)');
  const [undoSeconds] = useUndoSendSeconds();

  function setActive(next: typeof active) {
    activeRef.current = next;
    setActiveState(next);
  }

  function getStore(): Promise<DraftStore> {
    store.current ??= openDraftStore().then((opened) => opened.store);
    return store.current;
  }

  /** The setup, asked for once; while it cannot be had the composer opens, unable to send. */
  async function getSetup(): Promise<ComposeSetup> {
    setupCall.current ??= fetchComposeSetup();
    const result = await setupCall.current;
    if (result.ok) {
      setSetup(result.value);
      return result.value;
    }
    setupCall.current = undefined;
    const fallback: ComposeSetup = {
      identities: [],
      unavailable: `Sending is not possible right now: ${result.message} Everything you write is kept; reload the page to try again.`,
      attachmentMaxBytes: fallbackAttachmentBytes,
      undoSendSeconds: 5,
    };
    setSetup(fallback);
    return fallback;
  }

  function sessionFor(record: LocalDraft, drafts: DraftStore): ComposeSession {
    return new ComposeSession(record, { store: drafts, save: saveDraft, upload: uploadFile });
  }

  /** Every compose this page holds, wherever it is (on screen, parked, in the outbox). */
  function held(composeId: string): ComposeSession | undefined {
    if (activeRef.current?.session.composeId === composeId) return activeRef.current.session;
    return (
      parked.current.get(composeId) ??
      outbox.current().find((i) => i.key === composeId && i.session)?.session
    );
  }

  async function drop(session: ComposeSession) {
    parked.current.delete(session.composeId);
    await session.remove();
    releases.current.get(session.composeId)?.();
    releases.current.delete(session.composeId);
  }

  /** Off screen, kept: saved to Drafts (retrying as needed), then the local copy goes. */
  function park(session: ComposeSession) {
    session.update({ open: false });
    if (!hasContent(session.fields) && !session.current().saved) {
      void drop(session);
      return;
    }
    parked.current.set(session.composeId, session);
    const settle = () => {
      if (parked.current.get(session.composeId) !== session) return unsubscribe();
      if (session.current().state !== 'editing') return;
      const status = session.getSnapshot().saveStatus;
      if (status.kind === 'failed' && status.retryAt === undefined) {
        // Refused for good: said, with the way back to it (it stays in this browser meanwhile).
        unsubscribe();
        return outbox.put({
          key: session.composeId,
          phase: 'notice',
          notice: {
            tone: 'bad',
            text: `A message you closed is not saved in Drafts: ${status.message}`,
            actions: ['edit'],
            delivered: false,
            reopen: false,
          },
          session,
          subject: session.fields.subject,
        });
      }
      if (!session.settledOnServer()) return;
      unsubscribe();
      void drop(session);
    };
    const unsubscribe = session.subscribe(settle);
    void session.saveNow().then(settle);
  }

  function show(session: ComposeSession) {
    const current = activeRef.current;
    if (current && current.session !== session) park(current.session);
    parked.current.delete(session.composeId);
    session.update({ open: true });
    setActive({ session, minimised: false });
  }

  function leaveScreen(session: ComposeSession) {
    if (activeRef.current?.session !== session) return;
    setActive(undefined);
    // On a phone the composer had a history entry of its own (Back closes it): gone with it.
    if (phone && isComposerEntry(session.composeId)) window.history.back();
  }

  async function start(fields: ComposeFields, saved?: LocalDraft['saved']) {
    const existing = held(fields.composeId);
    if (existing) return show(existing);
    const drafts = await getStore();
    const local = await drafts.get(account, fields.composeId);
    const release = await claimCompose(fields.composeId);
    if (!release) return outbox.tell('This message is open in another tab of Tern.');
    releases.current.set(fields.composeId, release);
    // A local copy with changes the server has not seen wins over the copy in Drafts.
    const record: LocalDraft =
      local && local.dirty
        ? { ...local, state: 'editing' }
        : {
            account,
            composeId: fields.composeId,
            fields,
            state: 'editing',
            open: true,
            dirty: false,
            saved,
            updatedAt: Date.now(),
          };
    show(sessionFor(record, drafts));
  }

  /** Runs one opening at a time (a double click opens one composer). */
  async function opening(work: () => Promise<void>) {
    if (busy.current) return;
    busy.current = true;
    try {
      await Promise.all([work(), getSetup()]);
    } finally {
      busy.current = false;
    }
  }

  function newMessage() {
    void opening(() => start(emptyFields(newComposeId())));
  }

  function respond(mode: ComposeOriginKind, folder: string, uid: number) {
    void opening(async () => {
      const prefill = await fetchPrefill(mode, folder, uid);
      if (!prefill.ok)
        return outbox.tell(
          `The ${mode.startsWith('reply') ? 'reply' : 'forward'} could not be started: ${prefill.message}`,
        );
      await start(fieldsFrom(prefill.value, newComposeId()));
    });
  }

  function continueDraft(folder: string, uid: number) {
    void opening(async () => {
      const draft = await fetchDraft(folder, uid);
      if (!draft.ok) return outbox.tell(`The draft could not be opened: ${draft.message}`);
      const composeId = draft.value.composeId ?? newComposeId();
      const saved = draft.value.composeId
        ? { at: new Date().toISOString(), revision: 0, draft: { folder, uid } }
        : undefined;
      await start(fieldsFrom(draft.value, composeId), saved);
    });
  }

  function reopen(session: ComposeSession, problem: string, marks?: LocalDraft['marks']) {
    outbox.remove(session.composeId);
    session.update({ state: 'editing', problem, marks });
    session.resumeSaving();
    show(session);
  }

  async function send(session: ComposeSession) {
    if (session.current().state !== 'editing') return; // pressed twice
    session.update({ state: 'queued', open: false, problem: undefined, marks: undefined });
    leaveScreen(session);
    const current = setup ?? (await getSetup());
    // A save in flight answers first: the server refuses saves once a send began.
    await session.pauseSaving();
    await session.flushLocal();
    const seconds = undoSeconds ?? current.undoSendSeconds;
    if (seconds <= 0) return deliver(session);
    const key = session.composeId;
    outbox.put({ key, phase: 'countdown', endsAt: Date.now() + seconds * 1000, session });
    countdowns.current.set(
      key,
      setTimeout(() => {
        countdowns.current.delete(key);
        void deliver(session);
      }, seconds * 1000),
    );
  }

  function undo(key: string) {
    const item = outbox.current().find((i) => i.key === key);
    const timer = countdowns.current.get(key);
    if (!item?.session || timer === undefined) return;
    clearTimeout(timer);
    countdowns.current.delete(key);
    outbox.remove(key);
    item.session.update({ state: 'editing' });
    item.session.resumeSaving();
    show(item.session);
  }

  /** POST /api/send, once per press (and again only when the user asks). */
  async function deliver(session: ComposeSession, confirmResend = false) {
    const key = session.composeId;
    outbox.put({ key, phase: 'sending', session });
    session.update({ state: 'sending' });
    await session.flushLocal();
    const revision = session.takeRevision();
    const result = await sendMessage({
      ...session.fields,
      revision,
      ...(confirmResend ? { confirmResend: true } : {}),
    });
    settle(session, result);
  }

  function settle(session: ComposeSession, result: ApiResult<SendResult>) {
    const key = session.composeId;
    const subject = session.fields.subject;
    if (!result.ok) {
      if (result.status === 0 || result.status >= 500)
        return outbox.put({
          key,
          phase: 'notice',
          notice: unansweredNotice(result.message),
          session,
          subject,
        });
      // Refused before any attempt (a field, the session, a conflict): back to the composer.
      const field = result.status === 400 ? fieldProblemOf(result.message) : undefined;
      return reopen(session, `Not sent: ${result.message}`, field ? { field } : undefined);
    }
    const notice = noticeFor(result.value);
    switch (result.value.outcome) {
      case 'not_sent':
        return reopen(session, notice.text, { refused: result.value.refused });
      case 'sent':
        void drop(session);
        return outbox.put({ key, phase: 'notice', notice, subject });
      case 'unknown':
        session.update({ state: 'unknown' });
        return outbox.put({ key, phase: 'notice', notice, session, subject });
      case 'sent_not_saved':
        // Stays 'sending': a reload asks again, which saves the Sent copy and never resends.
        return outbox.put({ key, phase: 'notice', notice, session, subject });
    }
  }

  function act(key: string, action: NoticeAction) {
    const session = outbox.current().find((i) => i.key === key)?.session;
    if (!session) return;
    if (action === 'resend') void deliver(session, true);
    else if (action === 'save_sent' || action === 'retry') void deliver(session);
    else {
      outbox.remove(key);
      session.update({ state: 'editing' });
      session.resumeSaving();
      show(session);
    }
  }

  function dismiss(key: string) {
    const item = outbox.current().find((i) => i.key === key);
    outbox.remove(key);
    if (item?.phase !== 'notice' || !item.session) return;
    // Sent, or in doubt with the draft kept in Drafts: the local copy has done its work. Any
    // other stays (parked, and back on the next load).
    if (item.notice.delivered || item.notice.actions.includes('resend')) void drop(item.session);
  }

  function close(session: ComposeSession) {
    leaveScreen(session);
    park(session);
  }

  async function discard(session: ComposeSession) {
    leaveScreen(session);
    const everSaved = session.current().saved !== undefined || session.fields.revision > 0;
    const uploads = session.fields.attachments.flatMap((a) =>
      a.ref.kind === 'upload' ? [a.ref.id] : [],
    );
    await drop(session);
    if (everSaved) {
      const removed = await discardDraft(session.composeId);
      if (!removed.ok && removed.status !== 404)
        return outbox.tell(
          `Discarded here, but its copy in Drafts could not be deleted: ${removed.message}`,
        );
    }
    for (const id of uploads) void removeUpload(id);
    outbox.tell('Message discarded.', 'ok');
  }

  function detach(session: ComposeSession, index: number) {
    const removed = session.detach(index);
    // An upload that a save in flight names is left to expire rather than pulled from under it.
    if (removed?.ref.kind === 'upload' && !session.saving()) void removeUpload(removed.ref.id);
  }

  /** Everything kept in this browser, then the login page (the composer comes back after it). */
  async function leave() {
    const sessions = [
      activeRef.current?.session,
      ...parked.current.values(),
      ...outbox.current().map((i) => i.session),
    ].filter((s): s is ComposeSession => s !== undefined);
    await Promise.all(sessions.map((s) => s.flushLocal()));
    goToLogin();
  }

  const restore = useEffectEvent(async () => {
    const drafts = await getStore();
    const records = await drafts.list(account);
    if (records.length === 0) return;
    void getSetup();
    const rank = (r: LocalDraft) =>
      r.state === 'queued' ? 0 : r.state === 'editing' && r.open ? 1 : 2;
    let shown = false;
    for (const record of [...records].sort((a, b) => rank(a) - rank(b))) {
      const release = await claimCompose(record.composeId);
      if (!release) continue; // another tab has it
      releases.current.set(record.composeId, release);
      const session = sessionFor(record, drafts);
      if (record.state === 'sending') void deliver(session);
      else if (record.state === 'unknown')
        outbox.put({
          key: record.composeId,
          phase: 'notice',
          notice: noticeFor({
            outcome: 'unknown',
            messageId: '',
            draft: null,
            reason: 'the SMTP server did not confirm it before Tern lost the connection.',
          }),
          session,
          subject: record.fields.subject,
        });
      else if (!shown && (record.state === 'queued' || record.open)) {
        shown = true;
        if (record.state === 'queued') reopen(session, tabClosedProblem);
        else show(session);
      } else {
        if (record.state === 'queued')
          session.update({ state: 'editing', problem: tabClosedProblem });
        park(session);
      }
    }
  });

  useEffect(() => {
    void restore();
  }, [account]);

  // Words on the page: a 401 asks for the password here instead of leaving for the login page.
  const holding = active !== undefined || outbox.items.some((i) => i.session !== undefined);
  const reauth = useReauthClaim(holding, () => void leave());

  const screenId = active && !active.minimised ? active.session.composeId : undefined;
  usePhoneBack(phone, screenId, (composeId) => {
    const current = activeRef.current?.session;
    if (current?.composeId !== composeId) return;
    setActive(undefined);
    park(current);
  });

  // The context's functions, stable across renders, always calling the latest ones.
  const latest = useRef({ newMessage, respond, continueDraft });
  useEffect(() => {
    latest.current = { newMessage, respond, continueDraft };
  });
  const actions = useMemo<ComposeActions>(
    () => ({
      newMessage: () => latest.current.newMessage(),
      respond: (mode, folder, uid) => latest.current.respond(mode, folder, uid),
      continueDraft: (folder, uid) => latest.current.continueDraft(folder, uid),
    }),
    [],
  );

  const views: OutboxView[] = outbox.items.map((item) =>
    item.phase === 'notice'
      ? { key: item.key, phase: 'notice', notice: item.notice, subject: item.subject }
      : item.phase === 'countdown'
        ? {
            key: item.key,
            phase: 'countdown',
            endsAt: item.endsAt,
            subject: item.session.fields.subject,
          }
        : { key: item.key, phase: 'sending', subject: item.session.fields.subject },
  );

  return (
    <ComposeContext.Provider value={actions}>
      {children}
      {active && setup && (
        <Composer
          key={active.session.composeId}
          session={active.session}
          setup={setup}
          phone={phone}
          minimised={active.minimised}
          onMinimise={() => setActive({ ...active, minimised: true })}
          onRestore={() => setActive({ ...active, minimised: false })}
          onClose={() => close(active.session)}
          onDiscard={() => void discard(active.session)}
          onSend={() => void send(active.session)}
          onDetach={(index) => detach(active.session, index)}
        />
      )}
      <SendToasts items={views} onUndo={undo} onAction={act} onDismiss={dismiss} />
      {reauth && <ReauthDialog email={account} onAnswer={reauth.answer} />}
    </ComposeContext.Provider>
  );
}
