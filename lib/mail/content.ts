/**
 * What a message shows besides its headers: the body parts (bounded) and the attachment list,
 * from the server's structure, or from Tern's own parser for the few messages parsed.ts names.
 */
import 'server-only';
import { MailError } from '../errors';
import type { ImapBodyPart, ImapClient } from '../imap/client';
import { headerValues } from '../mime/headers';
import { layoutOf, type MessageLayout } from '../mime/structure';
import type { UnpackedMessage } from '../mime/unpack';
import { extractUuencoded } from '../mime/uuencode';
import { bodyLimits, fetchBodies, type ShownBody } from './body';
import { parsedAttachments, parserReason, readParsed } from './parsed';
import type { Attachment } from './types';

export interface StructureFacts {
  structure: ImapBodyPart | undefined;
  layout: MessageLayout;
  /** RFC822.SIZE */
  size: number;
  /** The message's own Content-Type field, as sent. */
  contentType: string | undefined;
}

export interface MessageContent {
  attachments: Attachment[];
  body: ShownBody;
  /** A body part was cut at the limit. */
  truncated: boolean;
  /** Tern's own parser's reading, when it was used: its files are the `0.n` parts. */
  parsed: UnpackedMessage | undefined;
}

export function layoutOfStructure(structure: ImapBodyPart | undefined): MessageLayout {
  return structure
    ? layoutOf(structure)
    : { body: [], attachments: [], inline: new Map<string, string>(), tooComplex: false };
}

/**
 * Attachments whose file names imapflow garbled: read again from their parts' MIME headers
 * (multipart only: a single part's header is the message's).
 */
export function garbledNames(
  structure: ImapBodyPart | undefined,
  layout: MessageLayout,
): Attachment[] {
  return structure?.childNodes?.length
    ? layout.attachments.filter((a) => a.filename.includes('\ufffd'))
    : [];
}

/**
 * The body, each part cut at `limit` bytes, and the attachments (a too complex layout has none).
 * `prefetched`: the parts bodyPartsQuery() asks for, when the caller fetched them already.
 */
export async function readContent(
  client: ImapClient,
  uid: number,
  facts: StructureFacts,
  limit: number,
  prefetched?: Map<string, Buffer>,
): Promise<MessageContent> {
  const { structure, layout } = facts;
  const content = { attachments: layout.attachments, truncated: false, parsed: undefined };
  if (layout.tooComplex) return { ...content, body: { html: [], text: [] } };
  const garbled = garbledNames(structure, layout);
  const bodies = await fetchBodies(client, uid, layout, garbled, limit, prefetched);
  const texts = bodies.filter((b) => b.kind === 'text').map((b) => b.content);
  const reason = parserReason({ ...facts, texts });
  const parsed = reason ? await readParsed(client, uid) : undefined;
  const of = (kind: string) => bodies.filter((b) => b.kind === kind).map((b) => b.content);
  const fromServer = {
    body: { html: of('html'), text: texts },
    truncated: bodies.some((b) => !b.complete),
  };
  if (!parsed) return { ...content, ...fromServer };
  const attachments = parsedAttachments(parsed.files, layout.attachments);
  if (reason !== 'unsplit') {
    // The server's parts are right: only the files the parser took out of the text leave it.
    const text = texts.map((t) => extractUuencoded(t).text);
    return { ...fromServer, body: { ...fromServer.body, text }, attachments, parsed };
  }
  const [html, text] = [parsed.html, parsed.text].map((body) => cut(body, limit));
  return {
    attachments,
    body: { html: html ? [html.content] : [], text: text ? [text.content] : [] },
    truncated: Boolean(html?.cut || text?.cut),
    parsed,
  };
}

/** At most `limit` characters of a parsed body (the parser reads it whole). */
function cut(content: string | null, limit: number) {
  if (content === null) return undefined;
  return { content: content.slice(0, limit), cut: content.length > limit };
}

/** The attachment list as the reading pane shows it ("download all"), and the structure. */
export async function readAttachments(
  client: ImapClient,
  uid: number,
): Promise<MessageContent & { structure: ImapBodyPart | undefined }> {
  const message = await client.fetchOne(
    String(uid),
    { uid: true, bodyStructure: true, size: true, headers: ['content-type'] },
    { uid: true },
  );
  if (!message || message.uid !== uid)
    throw new MailError('not_found', 'That message is not in this folder (any more).');
  const facts: StructureFacts = {
    structure: message.bodyStructure,
    layout: layoutOfStructure(message.bodyStructure),
    size: message.size ?? 0,
    contentType: headerValues(message.headers).get('content-type')?.[0],
  };
  return {
    ...(await readContent(client, uid, facts, bodyLimits.shown)),
    structure: facts.structure,
  };
}
