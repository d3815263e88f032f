/** Which part of a message its preview is read from, chosen from imapflow's BODYSTRUCTURE. */
import 'server-only';
import type { ImapBodyPart } from '../imap/client';
import type { PreviewPart } from '../mime/preview-text';
import { layoutOf } from '../mime/structure';

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
 * The first plain-text body part, else the first HTML one, as the reader meets them: the same
 * parts the reading pane shows (lib/mime/structure.ts decides what is body and what is attached).
 * Undefined when the message has no readable text.
 */
export function previewSource(structure: ImapBodyPart): PreviewSource | undefined {
  const body = layoutOf(structure).body;
  const chosen = body.find((p) => p.kind === 'text') ?? body.find((p) => p.kind === 'html');
  if (!chosen) return undefined;
  const kind = chosen.kind === 'html' ? 'html' : 'plain';
  return {
    section: chosen.partId,
    length: fetchBytes[kind],
    kind,
    encoding: chosen.encoding,
    charset: chosen.charset,
    delsp: chosen.delsp,
  };
}
