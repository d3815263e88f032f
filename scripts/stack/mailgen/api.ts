/** The public shapes of the generator, re-exported by scripts/stack/generate.ts. */

export interface GeneratedMessage {
  /** The full message, CRLF line endings, 7-bit clean. */
  raw: Buffer;
  /** The instant written in the Date header. */
  date: Date;
  /** Maildir info flags, sorted ASCII (subset of "DFRS"). */
  flags: string;
}

export interface GenerateOptions {
  count: number;
  /** The mailbox owner's address; in To (or in From for Sent and Drafts). */
  recipient: string;
  /** "INBOX" by default; "Sent" and "Drafts" make the owner the author. */
  folder?: string;
  seed?: number;
  /** Newest possible date; messages spread over the five years before it. */
  end?: Date;
}
