/**
 * The JSON contract between Tern's server and its browser code. Everything the API sends or
 * accepts is typed here once, and both sides import it.
 */

export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'auth_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'imap_unavailable'
  | 'smtp_unavailable'
  | 'remote_unavailable'
  | 'internal';

/** Every API failure has this shape, whatever the status. */
export interface ApiError {
  error: { code: ErrorCode; message: string };
}

export type TlsMode = 'implicit' | 'starttls' | 'none';

/** GET /api/health */
export interface HealthReport {
  status: 'ok';
  imap: {
    host: string;
    port: number;
    tls: TlsMode;
    /** What the server advertises before login (after STARTTLS where used). */
    capabilities: string[];
    latencyMs: number;
  };
}

/** POST /api/session */
export interface SignInRequest {
  /** The login name the mail server knows; usually an email address. */
  email: string;
  password: string;
  /** Keep me signed in: a persistent cookie with the longer absolute lifetime. */
  remember?: boolean;
}

export interface SessionUser {
  email: string;
}

/** POST and GET /api/session */
export interface SessionReply {
  user: SessionUser;
}

/** What a folder is for, from SPECIAL-USE (RFC 6154); INBOX counts as one too. */
export type SpecialUse =
  'inbox' | 'drafts' | 'sent' | 'archive' | 'junk' | 'trash' | 'all' | 'flagged';

export interface Folder {
  /** The full name, the folder's identity in every API path (one encodeURIComponent segment). */
  path: string;
  /** The last part of the path, for display. */
  name: string;
  /** The parent's path, or null at the top level. */
  parent: string | null;
  delimiter: string;
  specialUse: SpecialUse | null;
  subscribed: boolean;
  total: number;
  unseen: number;
}

/** GET /api/folders: INBOX, then special-use folders, then the rest in tree order. */
export interface FolderList {
  folders: Folder[];
}

export interface Address {
  name: string;
  address: string;
}

/** One row of the message list. */
export interface MessageSummary {
  uid: number;
  subject: string;
  from: Address[];
  to: Address[];
  /** ISO 8601: the Date header, or the arrival time when it is missing or unreadable. */
  date: string;
  flags: string[];
  size: number;
  hasAttachments: boolean;
  /**
   * A plain-text snippet of the body, when one was fetched before (GET …/messages/previews);
   * '' when the message has no text to preview.
   */
  preview?: string;
}

/** A part of a message the reader can download: GET …/messages/{uid}/parts/{partId}. */
export interface Attachment {
  partId: string;
  filename: string;
  contentType: string;
  /** Decoded size in bytes (estimated from the encoded size the server reports). */
  size: number;
  disposition: 'attachment' | 'inline';
  contentId: string | null;
}

/** One message opened for reading: GET /api/folders/{path}/messages/{uid}. */
export interface MessageView {
  uid: number;
  flags: string[];
  subject: string;
  from: Address[];
  sender: Address[];
  replyTo: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** ISO 8601, as in the list. */
  date: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The List-Unsubscribe targets (https: and mailto: only). */
  listUnsubscribe: string[];
  /** Sanitized on the server: no script, remote content inert, cid: images pointing at parts. */
  html: string | null;
  /** The plain-text body (shown escaped), or null when the message has none. */
  text: string | null;
  /**
   * A body part was longer than bodyLimit and is cut there. Asking again with ?full=1 raises the
   * limit once (to 20 MB); beyond that, the whole is in the message source.
   */
  truncated: boolean;
  /** The most of each body part shown, in bytes as sent: 2 MB, or 20 MB with ?full=1. */
  bodyLimit: number;
  attachments: Attachment[];
  remoteContent: { blocked: number };
  /** Beyond Tern's parsing limits: shown as too complex, with attachments and source reachable. */
  tooComplex: boolean;
}

/** The messages of one conversation in a folder, oldest first: GET …/messages/{uid}/thread. */
export interface Conversation {
  messages: MessageSummary[];
}

export const messageSorts = ['arrival', 'date', 'from', 'subject', 'size'] as const;
export const messageFilters = ['all', 'unseen', 'flagged', 'attachments'] as const;
export type MessageSort = (typeof messageSorts)[number];
export type MessageFilter = (typeof messageFilters)[number];

/** GET /api/folders/{path}/messages */
export interface MessagePage {
  /** Messages matching the filter in the whole folder (the list's full length). */
  total: number;
  /** A decimal string: IMAP's UIDVALIDITY can exceed what JSON numbers hold exactly. */
  uidValidity: string;
  messages: MessageSummary[];
}

/**
 * GET /api/folders/{path}/messages/previews?uids=1,2,3: a snippet of at most 200 characters per
 * UID ('' when the message has no text to preview). UIDs not in the folder are left out.
 */
export interface MessagePreviews {
  previews: Record<string, string>;
}

/** PATCH, move, copy and DELETE of messages: how many were acted on, and UIDs that were not there. */
export interface MessageActionResult {
  affected: number;
  /** Requested UIDs that do not exist (any more) in the folder; ignored, not an error. */
  missing: number[];
  /**
   * Where moved or copied messages now are, when the server says (UIDPLUS) and they are not too
   * many: enough to undo a move.
   */
  destination?: { folder: string; uids: number[] };
}

/**
 * Live updates: GET /api/events?folder={path} is a server-sent event stream for the signed-in
 * user (`folder` is the one this tab has open, watched beside the INBOX). Each event's `event:`
 * field is its `type` and its `data:` this JSON. Events may repeat after a reconnect; each is
 * safe to apply twice (flags are absolute, an expunged UID already gone is nothing, a new UID
 * already listed is skipped).
 */
export type MailEvent =
  /** A message arrived in a watched folder (the INBOX, or the folder open in the tab). */
  | { type: 'message.new'; folder: string; summary: MessageSummary }
  /** A message's flags changed (here or in another client); the full set, not a difference. */
  | { type: 'message.flags'; folder: string; uid: number; flags: string[] }
  | { type: 'message.expunged'; folder: string; uids: number[] }
  /** Any folder's counts, whenever they change (every folder, not only the watched ones). */
  | { type: 'folder.counts'; path: string; total: number; unseen: number }
  /**
   * The folder's UIDVALIDITY changed, or changes were missed beyond what can be replayed: every
   * UID the tab knows for it is void; list it again.
   */
  | { type: 'folder.reset'; path: string }
  /** Folders were created, renamed or deleted elsewhere: fetch the folder tree again. */
  | { type: 'folder.list' }
  /** The server's own link to the mail server: 'reconnecting' while it is down. */
  | { type: 'connection'; state: LiveState };

export type MailEventType = MailEvent['type'];
export type LiveState = 'live' | 'reconnecting';
