/**
 * A message list's preview: a short line of what the message says, from the first few kilobytes
 * of its text part. Pure functions of bytes, so a broken message costs its preview, never an error.
 */
import 'server-only';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import { decodeCharset } from './charset';
import { snippet } from './snippet';
import { decodeTransferPrefix } from './transfer-encoding';

/** What the preview needs to know about the text part it reads. */
export interface PreviewPart {
  kind: 'plain' | 'html';
  /** Content-Transfer-Encoding as the message declares it. */
  encoding?: string;
  charset?: string;
  /** format=flowed with delsp=yes (RFC 3676): a space before a line break is not text. */
  delsp?: boolean;
}

/** The preview of a part from (a prefix of) its encoded bytes; '' when there is nothing to show. */
export function previewText(encoded: Buffer, part: PreviewPart): string {
  try {
    const text = decodeCharset(decodeTransferPrefix(encoded, part.encoding), part.charset);
    if (garbled(text)) return '';
    if (part.kind === 'html') return snippet(htmlToText(text));
    return snippet(part.delsp ? text.replace(/ \r?\n/g, '') : text);
  } catch {
    return '';
  }
}

/**
 * Mostly undecodable: a wrong charset or encoding, or binary data labelled as text. Better no
 * preview than a line of replacement characters.
 */
function garbled(text: string): boolean {
  const replaced = text.match(/\ufffd/g)?.length ?? 0;
  return replaced > 0 && replaced * 10 > text.length;
}

const headings = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

/** Only the words: no link targets, images, title or list bullets; blockquotes become "> " lines. */
const htmlOptions: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'head', format: 'skip' },
    { selector: 'title', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'hr', format: 'skip' },
    // A space, not nothing: html-to-text falls back to its " * " bullet for an empty prefix.
    { selector: 'ul', options: { itemPrefix: ' ' } },
    // Cells run together otherwise ("Totalv12.00").
    { selector: 'th', format: 'block' },
    { selector: 'td', format: 'block' },
    ...headings,
  ],
};

/** HTML (possibly cut off anywhere) → plain text lines. */
export function htmlToText(html: string): string {
  // A tag cut off at the end would otherwise show as text.
  const open = html.lastIndexOf('<');
  const complete = open > html.lastIndexOf('>') ? html.slice(0, open) : html;
  return convert(complete, htmlOptions);
}
