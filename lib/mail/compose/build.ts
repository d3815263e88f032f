/**
 * A compose's fields → the message bytes, the same way for a draft save and for a send: the HTML
 * made fit to leave (outgoing-html.ts), its images and the attachments read from wherever they are
 * (attachments.ts), everything put together by mime.ts.
 */
import 'server-only';
import type { ImapBodyPart } from '../../imap/client';
import { layoutOf } from '../../mime/structure';
import type { Address, ComposeFields } from '../types';
import { resolveContent } from './attachments';
import { spoolOf, type ComposeContext } from './context';
import { buildMessage } from './mime';
import { outgoingHtml, type PartSource } from './outgoing-html';

export interface BuildInput {
  fields: ComposeFields;
  from: Address;
  messageId: string;
  date: Date;
  /** The current Drafts copy of this compose, which {kind: 'draft'} refs point into. */
  draft: { folder: string; uid: number } | undefined;
  /** Where images the client still shows from replaced Drafts copies are now (ledger.ts). */
  moved: Map<string, PartSource>;
}

export interface Built {
  message: Buffer;
  /** Decoded size of each attachment. */
  sizes: number[];
  /** Spool files now inside the message. */
  uploads: string[];
  /** Each image the message carries: the source the client named, and its Content-ID. */
  images: Array<{ source: PartSource; cid: string }>;
}

export function sourceKey(source: PartSource): string {
  return `${source.folder}\u0000${source.uid}\u0000${source.partId}`;
}

export async function buildCompose(context: ComposeContext, input: BuildInput): Promise<Built> {
  const { fields } = input;
  const domain = input.from.address.slice(input.from.address.lastIndexOf('@') + 1);
  const htmlOptions = {
    origin: context.config.publicUrl.origin,
    cidSuffix: `${fields.composeId}@${domain}`,
  };
  const written = fields.body.mode === 'html' ? fields.body.html : undefined;
  const first = written === undefined ? undefined : outgoingHtml(written, htmlOptions);
  const images = (first?.images ?? []).map((image) => ({
    cid: image.cid,
    named: image.source,
    source: input.moved.get(sourceKey(image.source)) ?? image.source,
  }));
  const content = await resolveContent(
    {
      pool: context.pool,
      account: context.account,
      spool: spoolOf(context.config),
      draft: input.draft,
      maxBytes: context.config.compose.attachmentMaxBytes,
    },
    fields.attachments,
    images,
  );
  // Images that could not be found are left out of the HTML rather than shown broken.
  const html =
    written !== undefined && images.some((image) => !content.images.has(image.cid))
      ? outgoingHtml(written, { ...htmlOptions, available: (cid) => content.images.has(cid) })
      : first;
  try {
    const message = await buildMessage({
      from: input.from,
      to: fields.to,
      cc: fields.cc,
      bcc: fields.bcc,
      subject: fields.subject,
      messageId: input.messageId,
      date: input.date,
      threading: fields.threading,
      body: html
        ? { html: html.html, text: html.text }
        : { text: fields.body.mode === 'text' ? fields.body.text : '' },
      related: content.related,
      attachments: content.attachments,
    });
    return {
      message,
      sizes: content.sizes(),
      uploads: content.uploads,
      images: images
        .filter((image) => content.images.has(image.cid))
        .map((image) => ({ source: image.named, cid: image.cid })),
    };
  } finally {
    content.dispose();
  }
}

/**
 * After a draft copy is saved: each image the client names now lives in that copy. The client
 * keeps its URLs until it reloads, and the copy they pointed at is gone after the save.
 */
export function noteMovedImages(
  moved: Map<string, PartSource>,
  built: Built,
  copy: { folder: string; uid: number; structure: ImapBodyPart | undefined },
): void {
  const parts = copy.structure ? layoutOf(copy.structure).inline : new Map<string, string>();
  for (const image of built.images) {
    const partId = parts.get(image.cid);
    if (partId) moved.set(sourceKey(image.source), { folder: copy.folder, uid: copy.uid, partId });
  }
}
