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
  | 'payload_too_large'
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
  /** The folder's state the rows are from (compared with `folder.state` events). */
  version: string;
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
  /**
   * Sent to a new stream (one that resumes nothing) once the folder's watch runs: the folder's
   * state then, as a list page's `version`. A list from another version may have missed
   * changes made before the watch started: fetch it again (always, when `version` is null: the
   * server cannot tell flag changes apart without CONDSTORE).
   */
  | { type: 'folder.state'; path: string; version: string | null }
  /** The server's own link to the mail server: 'reconnecting' while it is down. */
  | { type: 'connection'; state: LiveState };

export type MailEventType = MailEvent['type'];
export type LiveState = 'live' | 'reconnecting';

/*
 * Compose and send. A compose is identified by its composeId (22 base64url characters the
 * browser draws); the server derives the Message-ID from it, so the draft copies in Drafts and
 * the sent message share it, and it is what makes a send idempotent.
 */

/** Where an attachment's bytes are: the server fetches them itself, never via the browser. */
export type AttachmentRef =
  /** A file uploaded with POST /api/compose/attachments, until a draft holding it is saved. */
  | { kind: 'upload'; id: string }
  /** The n-th attachment (0-based) of the current Drafts copy of this compose. */
  | { kind: 'draft'; index: number }
  /** A part of a message in a folder: forwarding inline carries the original's attachments. */
  | { kind: 'part'; folder: string; uid: number; partId: string }
  /** A whole message, attached as message/rfc822 (forward as attachment). */
  | { kind: 'message'; folder: string; uid: number };

export interface ComposeAttachment {
  ref: AttachmentRef;
  filename: string;
  contentType: string;
  /** Decoded size in bytes, as the user sees it. */
  size: number;
}

export type ComposeOriginKind = 'reply' | 'reply_all' | 'forward' | 'forward_attachment';

/** The message replied to or forwarded: flagged \Answered or $Forwarded once sent. */
export interface ComposeOrigin {
  kind: ComposeOriginKind;
  folder: string;
  uid: number;
  /** Its Message-ID when read: the flag is set only if the UID still holds that message. */
  messageId: string | null;
}

export type ComposeBody = { mode: 'html'; html: string } | { mode: 'text'; text: string };

/** Everything the user wrote: PUT /api/drafts/{composeId}, and POST /api/send. */
export interface ComposeFields {
  composeId: string;
  /** Rises with every save of this compose; a save older than the last one is refused (409). */
  revision: number;
  /** The display name for From; the address is always the signed-in user's. */
  fromName?: string;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  subject: string;
  body: ComposeBody;
  attachments: ComposeAttachment[];
  /** In-Reply-To and References, as prefilled for a reply (or kept from an opened draft). */
  threading?: { inReplyTo: string; references: string[] };
  origin?: ComposeOrigin;
  /** A draft opened from Drafts that is not Tern's own (another client's): removed on save. */
  replaces?: { folder: string; uid: number };
}

/** POST /api/send */
export interface SendRequest extends ComposeFields {
  /** Send although an earlier attempt may have gone out (after an 'unknown' outcome). */
  confirmResend?: boolean;
}

/** A saved copy of a message in a folder, or null when there is none. */
export type MessageCopy = { folder: string; uid: number } | null;

/** PUT /api/drafts/{composeId} */
export interface DraftSaved {
  draft: { folder: string; uid: number };
  revision: number;
  /** ISO 8601 */
  savedAt: string;
  /** The attachments, their refs now pointing at the saved copy ({kind: 'draft'}). */
  attachments: ComposeAttachment[];
}

/** Recipients the SMTP server refused, with its reply. */
export type RefusedRecipients = Array<{ address: string; reply: string }>;

export type NotSentCode =
  | 'smtp_unavailable'
  | 'draft_not_saved'
  | 'sender_refused'
  | 'recipients_refused'
  | 'too_large'
  | 'refused';

/**
 * POST /api/send answers 200 with one of these once an attempt was made; validation, session
 * and conflict failures are ApiErrors and attempt nothing.
 */
export type SendResult =
  | {
      outcome: 'sent';
      messageId: string;
      sent: MessageCopy;
      /** Some recipients refused while others accepted it. */
      refused: RefusedRecipients;
      originFlagged: boolean;
      /** The draft could not be removed from Drafts (it is marked sent). */
      draftLeft: boolean;
    }
  /** Delivered, but the copy in Sent failed: the same POST again saves it, and never resends. */
  | { outcome: 'sent_not_saved'; messageId: string; reason: string; draft: MessageCopy }
  | {
      outcome: 'not_sent';
      code: NotSentCode;
      messageId: string;
      reason: string;
      draft: MessageCopy;
      refused?: RefusedRecipients;
    }
  /**
   * The connection to the SMTP server was lost after the whole message was handed over and
   * before it answered: it may have been sent. Sending again needs confirmResend.
   */
  | { outcome: 'unknown'; messageId: string; reason: string; draft: MessageCopy };

/** GET /api/compose/setup */
export interface ComposeSetup {
  /** Whom the user can send as; the first is the default. Empty when sending is not possible. */
  identities: Address[];
  /** Why identities is empty (the login is not an email address), for the user. */
  unavailable?: string;
  /** The largest attachment total, in decoded bytes (what the user's files add up to). */
  attachmentMaxBytes: number;
  /** The default wait before a message is handed to the SMTP server, with Undo. */
  undoSendSeconds: number;
}

/** GET /api/compose/prefill?mode&folder&uid and GET /api/compose/draft?folder&uid */
export type ComposePrefill = Omit<ComposeFields, 'composeId' | 'revision'> & {
  /** Set when an opened draft is Tern's own: it continues that compose. */
  composeId?: string;
};

/** POST /api/compose/attachments?filename&type (the body is the file's bytes) */
export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
}

/** GET /api/compose/contacts: addresses the user wrote to or heard from, best first. */
export interface ContactList {
  contacts: Array<{ name: string; address: string; score: number }>;
}

/** GET /api/search: a message list row, with the folder the message is in. */
export interface SearchHit extends MessageSummary {
  folder: string;
}

/** A folder an all-folder search could not search, and why, for the user. */
export interface FailedFolder {
  folder: string;
  message: string;
}

/** GET /api/search?q&folder&offset&limit: one window of the matches, newest first. */
export interface SearchPage {
  /** Matches in every folder searched (the results' full length). */
  total: number;
  /** Each searched folder's UIDVALIDITY (decimal string), by folder path. */
  uidValidity: Record<string, string>;
  messages: SearchHit[];
  /** Folders that could not be searched; the others' matches are still answered. */
  failedFolders: FailedFolder[];
}

/** `in:all` with stream=1: the results so far, one JSON line each time folders finish. */
export interface SearchProgress extends SearchPage {
  /** Folders finished (found, empty or failed), of `folders`. */
  searched: number;
  folders: number;
}

/**
 * One line of GET /api/search?stream=1 (newline-delimited JSON): progress lines, then the
 * finished page, or an error that ended the search.
 */
export type SearchStreamLine =
  | ({ type: 'progress' } & SearchProgress)
  | ({ type: 'done' } & SearchPage)
  | ({ type: 'error' } & ApiError);
