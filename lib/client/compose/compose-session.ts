/**
 * One compose while this page has it: the fields the user edits, each change written to
 * IndexedDB at once and saved to Drafts when the typing stops (save-queue.ts), and the uploads
 * under way. It outlives the composer on screen, so a minimised or closed composer, or one
 * waiting out the Undo countdown, keeps all of it. React reads it through subscribe/snapshot.
 */
import type { ApiResult } from '../api';
import type { ComposeAttachment, ComposeFields, DraftSaved } from '@/lib/mail/types';
import { isValidAddress } from '@/lib/shared/address';
import { applySavedAttachments, fitFiles, type Refusal } from './attachments';
import { nextRevision } from './compose-id';
import { latestWriter, type DraftStore, type LocalDraft } from './drafts-store';
import {
  createSaveQueue,
  type SaveAttempt,
  type SaveQueue,
  type SaveStatus,
  type Timers,
} from './save-queue';
import type { Upload } from './upload';

export interface UploadTask {
  key: string;
  filename: string;
  size: number;
  sent: number;
  /** Set when the upload failed, for the user. */
  problem?: string;
}

export interface SessionSnapshot {
  record: LocalDraft;
  saveStatus: SaveStatus;
  uploads: UploadTask[];
  /** IndexedDB refused the last write: the words live only in this page until it works again. */
  localProblem: boolean;
}

export interface SessionDeps {
  store: DraftStore;
  save: (fields: ComposeFields) => Promise<ApiResult<DraftSaved>>;
  upload?: (file: File, onProgress: (sent: number, total: number) => void) => Upload;
  timers?: Timers;
  now?: () => number;
}

/** Failures a later attempt may get past: unreachable, session, busy, server trouble. */
function worthRetrying(status: number): boolean {
  return status === 0 || status === 401 || status === 429 || status >= 500;
}

/**
 * What a draft save carries: recipients that are not addresses yet (half typed) are left out, as
 * the API would refuse the whole save for them; they stay here and in IndexedDB.
 */
export function draftFields(fields: ComposeFields): ComposeFields {
  const valid = (list: ComposeFields['to']) => list.filter((a) => isValidAddress(a.address.trim()));
  return { ...fields, to: valid(fields.to), cc: valid(fields.cc), bcc: valid(fields.bcc) };
}

export class ComposeSession {
  private record: LocalDraft;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly writer: ReturnType<typeof latestWriter>;
  private readonly queue: SaveQueue;
  private readonly uploads = new Map<string, { task: UploadTask; upload?: Upload }>();
  private edits = 0;
  private uploadCount = 0;
  private localProblem = false;

  private readonly deps: SessionDeps;

  constructor(record: LocalDraft, deps: SessionDeps) {
    this.deps = deps;
    this.record = record;
    this.writer = latestWriter((r) => deps.store.put(r));
    this.queue = createSaveQueue(
      { save: () => this.saveToDrafts(), onStatus: () => this.emit(), timers: deps.timers },
      record.dirty && record.state === 'editing',
    );
    this.snapshot = this.snap();
    if (this.queue.dirty()) this.queue.resume();
  }

  get composeId(): string {
    return this.record.composeId;
  }

  get fields(): ComposeFields {
    return this.record.fields;
  }

  current(): LocalDraft {
    return this.record;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  private snap(): SessionSnapshot {
    return {
      record: this.record,
      saveStatus: this.queue.status(),
      uploads: [...this.uploads.values()].map((u) => u.task),
      localProblem: this.localProblem,
    };
  }

  private emit() {
    this.snapshot = this.snap();
    for (const listener of [...this.listeners]) listener();
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private store(next: LocalDraft) {
    this.record = next;
    this.writer.write(next);
    this.emit();
  }

  /** The user changed what they wrote: kept here at once, saved to Drafts soon. */
  edit(change: (fields: ComposeFields) => ComposeFields): void {
    this.edits++;
    this.store({
      ...this.record,
      fields: change(this.record.fields),
      dirty: true,
      updatedAt: this.now(),
    });
    this.queue.changed();
  }

  /** Changes the record's state (open, queued, the problem shown), not what the user wrote. */
  update(patch: Partial<Omit<LocalDraft, 'account' | 'composeId' | 'fields'>>): void {
    this.store({ ...this.record, ...patch, updatedAt: this.now() });
  }

  /** Everything so far is in IndexedDB (false when the browser refused the last write). */
  async flushLocal(): Promise<boolean> {
    const ok = await this.writer.flush();
    if (ok === this.localProblem) {
      this.localProblem = !ok;
      this.emit();
    }
    return ok;
  }

  /** Saves to Drafts now if anything is unsaved; true when the server has it all. */
  saveNow(): Promise<boolean> {
    return this.queue.saveNow();
  }

  /** No more saves to Drafts (a send begins), once the one in flight has answered. */
  pauseSaving(): Promise<void> {
    return this.queue.pause();
  }

  resumeSaving(): void {
    this.queue.resume();
  }

  /**
   * Nothing here that the server lacks: every change saved to Drafts, no upload under way (a
   * reply opened and closed untouched has nothing worth keeping either). The local copy may go.
   */
  settledOnServer(): boolean {
    return !this.queue.dirty() && this.uploads.size === 0;
  }

  /** A save to Drafts is on its way (an upload it names should not be removed under it). */
  saving(): boolean {
    return this.queue.status().kind === 'saving';
  }

  /** The revision a send carries: above every save before it. */
  takeRevision(): number {
    const revision = nextRevision(this.record.fields.revision, this.now());
    this.store({ ...this.record, fields: { ...this.record.fields, revision } });
    return revision;
  }

  private async saveToDrafts(): Promise<SaveAttempt> {
    const editsAtStart = this.edits;
    const revision = nextRevision(this.record.fields.revision, this.now());
    this.store({ ...this.record, fields: { ...this.record.fields, revision } });
    const sent = draftFields(this.record.fields);
    const result = await this.deps.save(sent);
    if (!result.ok)
      return { ok: false, message: result.message, retry: worthRetrying(result.status) };
    const saved = result.value;
    const fields = this.record.fields;
    const { replaces: _replaced, ...rest } = fields;
    this.store({
      ...this.record,
      fields: {
        ...rest,
        attachments: applySavedAttachments(fields.attachments, sent.attachments, saved.attachments),
      },
      saved: { at: saved.savedAt, revision: saved.revision, draft: saved.draft },
      dirty: this.edits !== editsAtStart,
    });
    return { ok: true, savedAt: saved.savedAt };
  }

  /** Bytes attached or on their way, against the limit. */
  attachedBytes(): number {
    const attached = this.record.fields.attachments.reduce((sum, a) => sum + a.size, 0);
    return [...this.uploads.values()].reduce((sum, u) => sum + u.task.size, attached);
  }

  uploading(): boolean {
    return [...this.uploads.values()].some((u) => u.task.problem === undefined);
  }

  /**
   * Uploads the files that fit under the limit, each with its own progress; the others are
   * refused before a byte is sent, and returned to be told.
   */
  attach(files: File[], maxBytes: number): Refusal[] {
    const upload = this.deps.upload;
    if (!upload)
      return files.map((f) => ({ filename: f.name, reason: 'cannot be uploaded here.' }));
    const { accepted, refused } = fitFiles(files, this.attachedBytes(), maxBytes);
    for (const file of accepted) {
      const key = `upload-${++this.uploadCount}`;
      const entry: { task: UploadTask; upload?: Upload } = {
        task: { key, filename: file.name, size: file.size, sent: 0 },
      };
      this.uploads.set(key, entry);
      const running = upload(file, (sentBytes) => {
        entry.task = { ...entry.task, sent: sentBytes };
        this.emit();
      });
      entry.upload = running;
      void running.done.then((result) => {
        if (!this.uploads.has(key)) return;
        if (result.ok) {
          this.uploads.delete(key);
          const file = result.value;
          const attachment: ComposeAttachment = {
            ref: { kind: 'upload', id: file.id },
            filename: file.filename,
            contentType: file.contentType,
            size: file.size,
          };
          this.edit((f) => ({ ...f, attachments: [...f.attachments, attachment] }));
        } else if ('aborted' in result) {
          this.uploads.delete(key);
          this.emit();
        } else {
          entry.task = { ...entry.task, problem: result.message };
          this.emit();
        }
      });
    }
    this.emit();
    return refused;
  }

  /** Stops an upload under way, or forgets one that failed. */
  cancelUpload(key: string): void {
    const entry = this.uploads.get(key);
    if (!entry) return;
    this.uploads.delete(key);
    entry.upload?.abort();
    this.emit();
  }

  /** Takes an attachment off the message; returns it, so an uploaded file can be removed. */
  detach(index: number): ComposeAttachment | undefined {
    const attachment = this.record.fields.attachments[index];
    if (attachment)
      this.edit((f) => ({ ...f, attachments: f.attachments.filter((_, i) => i !== index) }));
    return attachment;
  }

  /** Stops everything: timers, uploads under way. */
  dispose(): void {
    this.queue.dispose();
    for (const entry of this.uploads.values()) entry.upload?.abort();
    this.uploads.clear();
    this.listeners.clear();
  }

  /** Drops the local copy (sent or discarded) once pending writes are done. */
  async remove(): Promise<void> {
    this.dispose();
    await this.writer.flush();
    await this.deps.store.remove(this.record.account, this.record.composeId);
  }
}
