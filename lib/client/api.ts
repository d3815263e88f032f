/** The browser's typed access to Tern's API: every call resolves to a result, never throws. */
import type {
  ApiError,
  ErrorCode,
  Folder,
  FolderList,
  MessageActionResult,
  MessageFilter,
  MessagePage,
  MessagePreviews,
  MessageView,
  Conversation,
  MessageSort,
  SessionReply,
  SignInRequest,
} from '@/lib/mail/types';
import { renewSession } from './session-ended';

export type ApiFailure = {
  ok: false;
  /** HTTP status, or 0 when Tern could not be reached at all. */
  status: number;
  code: ErrorCode | 'network';
  /** Written for the user: what happened and what to do. */
  message: string;
  retryAfterSeconds?: number;
};

export type ApiResult<T> = { ok: true; value: T } | ApiFailure;

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof (body as ApiError).error?.message === 'string'
  );
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One JSON call. A 401 while a composer holds the user's words asks for the password in place
 * (session-ended.ts) and, once signed in again, makes the same call once more.
 */
export async function call<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  const result = await callOnce<T>(method, path, body, signal);
  if (result.ok || result.status !== 401 || path.startsWith('/api/session')) return result;
  const renewal = renewSession();
  if (!renewal || !(await renewal)) return result;
  return callOnce<T>(method, path, body, signal);
}

async function callOnce<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    return unreachable;
  }
  const text = await response.text().catch(() => '');
  return resultOf<T>(response.status, text, response.headers.get('retry-after'));
}

/** What a call that never reached Tern resolves to. */
export const unreachable: ApiFailure = {
  ok: false,
  status: 0,
  code: 'network',
  message: 'Tern cannot be reached. Check your connection and try again.',
};

/** An answer as a result: the parsed JSON, or the failure the server described. */
export function resultOf<T>(
  status: number,
  text: string,
  retryAfterHeader: string | null,
): ApiResult<T> {
  const parsed: unknown = text ? safeJson(text) : null;
  if (status >= 200 && status < 300) return { ok: true, value: parsed as T };
  const retryAfter = Number(retryAfterHeader);
  return {
    ok: false,
    status,
    code: isApiError(parsed) ? parsed.error.code : 'internal',
    message: isApiError(parsed)
      ? parsed.error.message
      : `Tern answered unexpectedly (HTTP ${status}). Try again in a moment.`,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function signIn(request: SignInRequest): Promise<ApiResult<SessionReply>> {
  return call('POST', '/api/session', request);
}

export function signOut(): Promise<ApiResult<null>> {
  return call('DELETE', '/api/session', {});
}

export function fetchSession(signal?: AbortSignal): Promise<ApiResult<SessionReply>> {
  return call('GET', '/api/session', undefined, signal);
}

export function fetchFolders(signal?: AbortSignal): Promise<ApiResult<FolderList>> {
  return call('GET', '/api/folders', undefined, signal);
}

export interface MessageListParams {
  sort: MessageSort;
  order: 'asc' | 'desc';
  filter: MessageFilter;
}

export function fetchMessages(
  folder: string,
  params: MessageListParams & { offset: number; limit: number; refresh?: boolean },
  signal?: AbortSignal,
): Promise<ApiResult<MessagePage>> {
  const query = new URLSearchParams({
    offset: String(params.offset),
    limit: String(params.limit),
    sort: params.sort,
    order: params.order,
    filter: params.filter,
  });
  if (params.refresh) query.set('refresh', '1');
  return call(
    'GET',
    `/api/folders/${encodeURIComponent(folder)}/messages?${query}`,
    undefined,
    signal,
  );
}

/**
 * Previews of up to 200 rows, asked for once their window has arrived; UIDs no longer in the
 * folder are left out of the answer.
 */
export function fetchPreviews(
  folder: string,
  uids: number[],
  signal?: AbortSignal,
): Promise<ApiResult<MessagePreviews>> {
  return call('GET', messagesPath(folder, `/previews?uids=${uids.join(',')}`), undefined, signal);
}

export interface MessageReadOptions {
  /** Load remote images through Tern's image proxy (the user allowed remote content). */
  remote?: boolean;
  /** Each body part up to the higher limit ("show all" on a cut message). */
  full?: boolean;
}

export function fetchMessage(
  folder: string,
  uid: number,
  options: MessageReadOptions = {},
  signal?: AbortSignal,
): Promise<ApiResult<MessageView>> {
  const query = new URLSearchParams();
  if (options.remote) query.set('remote', '1');
  if (options.full) query.set('full', '1');
  const search = query.size ? `?${query}` : '';
  return call('GET', messagesPath(folder, `/${uid}${search}`), undefined, signal);
}

export function fetchConversation(
  folder: string,
  uid: number,
  signal?: AbortSignal,
): Promise<ApiResult<Conversation>> {
  return call('GET', messagesPath(folder, `/${uid}/thread`), undefined, signal);
}

/** The message as sent: a .eml download, or (view) plain text in a tab of its own. */
export function sourceHref(folder: string, uid: number, view: boolean): string {
  return messagesPath(folder, `/${uid}/source${view ? '?view=1' : ''}`);
}

/** All the message's attachments as one zip. */
export function attachmentsZipHref(folder: string, uid: number): string {
  return messagesPath(folder, `/${uid}/attachments`);
}

/** Where a part of a message downloads from (the same path the server puts in message HTML). */
export function partHref(folder: string, uid: number, partId: string): string {
  return messagesPath(folder, `/${uid}/parts/${partId}`);
}

/** Some messages by UID, or the whole folder (acted on server-side). */
export type Selection = { uids: number[] } | { all: true };

function messagesPath(folder: string, action = ''): string {
  return `/api/folders/${encodeURIComponent(folder)}/messages${action}`;
}

export function changeFlags(
  folder: string,
  selection: Selection,
  change: { add?: string[]; remove?: string[] },
): Promise<ApiResult<MessageActionResult>> {
  return call('PATCH', messagesPath(folder), { ...selection, ...change });
}

export function transferMessages(
  folder: string,
  selection: Selection,
  to: string,
  mode: 'move' | 'copy' = 'move',
): Promise<ApiResult<MessageActionResult>> {
  return call('POST', messagesPath(folder, `/${mode}`), { ...selection, to });
}

export function deleteMessages(
  folder: string,
  uids: number[],
): Promise<ApiResult<MessageActionResult>> {
  return call('DELETE', messagesPath(folder), { uids });
}

export function createFolder(name: string, parent: string | null): Promise<ApiResult<Folder>> {
  return call('POST', '/api/folders', { name, parent });
}

export function updateFolder(
  path: string,
  change: { name?: string; parent?: string | null; subscribed?: boolean },
): Promise<ApiResult<Folder>> {
  return call('PATCH', `/api/folders/${encodeURIComponent(path)}`, change);
}

export function deleteFolder(path: string): Promise<ApiResult<null>> {
  return call('DELETE', `/api/folders/${encodeURIComponent(path)}`, {});
}
