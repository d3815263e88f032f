/**
 * Sizes as people read them, shared by the server's refusals and the composer (which refuses a
 * file over the limit before uploading it, in the same words). Pure: no Node, no DOM.
 * A megabyte is 1024 × 1024 bytes here, as TERN_ATTACHMENT_MAX_MB counts it.
 */

const kilobyte = 1024;
const megabyte = 1024 * kilobyte;

/** "25 MB", "1.5 MB", "64 KB", "900 bytes": at most one decimal, none when it is whole. */
export function sizeInWords(bytes: number): string {
  const oneDecimal = (value: number) => String(Math.round(value * 10) / 10);
  if (bytes >= megabyte) return `${oneDecimal(bytes / megabyte)} MB`;
  if (bytes >= kilobyte) return `${oneDecimal(bytes / kilobyte)} KB`;
  return `${bytes} bytes`;
}

/** Why a file was refused for its size, and what to do instead. */
export function fileTooLargeMessage(limitBytes: number): string {
  return `The file is larger than ${sizeInWords(limitBytes)}, the most Tern accepts for an attachment. Attach a smaller file, or share it another way.`;
}
