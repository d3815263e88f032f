/** Which part of a message its preview is read from, chosen from imapflow's BODYSTRUCTURE. */
import 'server-only';
import type { ImapBodyPart } from '../imap/client';
import type { PreviewPart } from '../mime/preview-text';

/**
 * How much of the chosen part is fetched. Enough for a 200-character preview after quoted
 * lines; HTML gets more because markup (styles in the head, tables) comes before the first words.
 */
const fetchBytes = { plain: 2048, html: 8192 } as const;

export interface PreviewSource extends PreviewPart {
  /** The IMAP section of the part ("1", "1.2"). */
  section: string;
  /** Bytes to fetch from its start. */
  length: number;
}

/**
 * The first text/plain part that is not an attachment, else the first such text/html part, in
 * the order a reader meets them. Attached messages (message/rfc822) are not searched: their text
 * is not what this message says. Undefined when the message has no readable text.
 */
export function previewSource(structure: ImapBodyPart): PreviewSource | undefined {
  const texts = textParts(structure);
  const chosen =
    texts.find((p) => p.type.toLowerCase() === 'text/plain') ??
    texts.find((p) => p.type.toLowerCase() === 'text/html');
  if (!chosen) return undefined;
  const kind = chosen.type.toLowerCase() === 'text/html' ? 'html' : 'plain';
  const parameters = lowerKeys(chosen.parameters);
  return {
    // A single-part message has no part number in BODYSTRUCTURE; its body is section 1.
    section: chosen.part ?? '1',
    length: fetchBytes[kind],
    kind,
    encoding: chosen.encoding,
    charset: parameters.charset,
    delsp:
      parameters.format?.toLowerCase() === 'flowed' && parameters.delsp?.toLowerCase() === 'yes',
  };
}

function textParts(part: ImapBodyPart): ImapBodyPart[] {
  const type = part.type.toLowerCase();
  if (type.startsWith('multipart/')) return (part.childNodes ?? []).flatMap(textParts);
  if (type !== 'text/plain' && type !== 'text/html') return [];
  return isAttachment(part) ? [] : [part];
}

/** Marked as an attachment, or carrying a file name without being marked inline. */
function isAttachment(part: ImapBodyPart): boolean {
  const disposition = part.disposition?.toLowerCase();
  if (disposition === 'attachment') return true;
  const named = Boolean(part.dispositionParameters?.filename ?? part.parameters?.name);
  return named && disposition !== 'inline';
}

function lowerKeys(record: Record<string, string> | undefined): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}
