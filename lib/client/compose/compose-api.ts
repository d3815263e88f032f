/** The compose endpoints, typed: every call resolves to a result, never throws (see api.ts). */
import type {
  ComposeFields,
  ComposeOriginKind,
  ComposePrefill,
  ComposeSetup,
  ContactList,
  DraftSaved,
  SendRequest,
  SendResult,
} from '@/lib/mail/types';
import { call, type ApiResult } from '../api';

export function fetchComposeSetup(signal?: AbortSignal): Promise<ApiResult<ComposeSetup>> {
  return call('GET', '/api/compose/setup', undefined, signal);
}

/** A reply or forward of a message, recipients, subject, quote and attachments filled in. */
export function fetchPrefill(
  mode: ComposeOriginKind,
  folder: string,
  uid: number,
): Promise<ApiResult<ComposePrefill>> {
  const query = new URLSearchParams({ mode, folder, uid: String(uid) });
  return call('GET', `/api/compose/prefill?${query}`);
}

/** A message in Drafts as a compose to continue. */
export function fetchDraft(folder: string, uid: number): Promise<ApiResult<ComposePrefill>> {
  const query = new URLSearchParams({ folder, uid: String(uid) });
  return call('GET', `/api/compose/draft?${query}`);
}

/** Saves to Drafts, replacing the compose's previous copy; 409 when stale or a send began. */
export function saveDraft(fields: ComposeFields): Promise<ApiResult<DraftSaved>> {
  return call('PUT', `/api/drafts/${fields.composeId}`, fields);
}

/** Removes every Drafts copy of the compose (discarded). */
export function discardDraft(composeId: string): Promise<ApiResult<null>> {
  return call('DELETE', `/api/drafts/${composeId}`, {});
}

/** Removes an uploaded file the user took off the message. */
export function removeUpload(id: string): Promise<ApiResult<null>> {
  return call('DELETE', `/api/compose/attachments/${encodeURIComponent(id)}`, {});
}

export function fetchContacts(signal?: AbortSignal): Promise<ApiResult<ContactList>> {
  return call('GET', '/api/compose/contacts', undefined, signal);
}

/** 200 with a SendResult once an attempt was made; an ApiFailure when nothing was attempted. */
export function sendMessage(request: SendRequest): Promise<ApiResult<SendResult>> {
  return call('POST', '/api/send', request);
}
