/**
 * "Download all": the message's attachments as one zip, built while it streams. Each attachment
 * is fetched from IMAP only when the zip reaches it (imapflow runs one command at a time), so
 * neither the attachments nor the zip are ever held in memory whole; only the files of a message
 * Tern's own parser read (small, see parsed.ts) are.
 */
import 'server-only';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import { MailError } from '../errors';
import type { ImapPool, PoolAccount } from '../imap/pool';
import { readAttachments } from './content';
import { contentDisposition, downloadHeaders, streamFromConnection, type OpenedPart } from './part';
import { partStream } from './part-stream';
import { parsedIndex } from './parsed';
import type { Attachment } from './types';

/** Names as a zip entry: no folders, no tricks, and each one once ("report (2).pdf"). */
export function zipEntryNames(attachments: Attachment[]): string[] {
  const used = new Set<string>();
  return attachments.map((attachment) => {
    const base = attachment.filename
      .replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_')
      .replace(/^\.+/, '_');
    const dot = base.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
    let name = base || 'attachment';
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${stem} (${n})${extension}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** What "download all" includes: what the sender attached, not the images the HTML shows. */
function downloadable(attachments: Attachment[]): Attachment[] {
  return attachments.filter((a) => a.disposition === 'attachment' || !a.contentId);
}

export function openAttachmentsZip(
  pool: ImapPool,
  account: PoolAccount,
  path: string,
  uid: number,
): Promise<OpenedPart> {
  return streamFromConnection(pool, account, path, async (client) => {
    const { attachments: listed, parsed, structure } = await readAttachments(client, uid);
    const attachments = downloadable(listed);
    if (attachments.length === 0)
      throw new MailError('not_found', 'This message has no attachments.');
    const zip = new yazl.ZipFile();
    const names = zipEntryNames(attachments);
    attachments.forEach((attachment, i) => {
      // A file only Tern's parser found is in memory already (the message is small).
      const index = parsedIndex(attachment.partId);
      const file = index === undefined ? undefined : parsed?.files[index];
      if (file) return zip.addBuffer(file.content, names[i]!, { compress: false });
      // Stored, not deflated: attachments are mostly compressed already (PDF, JPEG, Office).
      zip.addReadStreamLazy(names[i]!, { compress: false }, (done) => {
        const part = structure && partStream(client, uid, structure, attachment.partId);
        done(null, part ? part.stream : Readable.from([]));
      });
    });
    zip.end();
    return {
      stream: zip.outputStream as Readable,
      headers: downloadHeaders(
        'application/zip',
        contentDisposition('attachment', `attachments-${uid}.zip`),
      ),
    };
  });
}
