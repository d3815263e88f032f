/**
 * Message HTML → the little HTML the composer's editor keeps: paragraphs and line breaks, bold,
 * italic, underline, strike, links, lists, blockquotes and images. Layout (tables, divs, fonts,
 * styles) is flattened into paragraphs here, where it can be done well, rather than left to the
 * editor's schema, which would run the text of sibling cells and divs together.
 *
 * Images keep the sources the reader gave them: the message's own parts (the send path turns
 * them into cid: parts) and, where the reader allowed remote content, proxied images (sent as
 * their original URL). A blocked remote image has no source and is left out.
 *
 * The input is the reader's sanitized HTML (lib/mime/sanitize.ts), read with htmlparser2 (the
 * parser sanitize-html itself uses). Even so the output is safe by construction: every tag in it
 * is written here from a fixed list, with only a checked href or src, and all text is escaped.
 */

import { Parser } from 'htmlparser2';
import { proxiedTarget } from '../../proxy/path';

/** Raster data: URLs, as the reader's sanitizer lets them through. */
const rasterData = /^data:image\/(png|jpe?g|gif|webp|bmp);base64,/i;

function keptImage(src: string): boolean {
  return (
    src.startsWith('/api/folders/') || proxiedTarget(src) !== undefined || rasterData.test(src)
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

type Mark = 'b' | 'i' | 'u' | 's' | 'a';
type Container = 'blockquote' | 'ul' | 'ol' | 'li';

const markOf: Record<string, Mark> = {
  b: 'b',
  strong: 'b',
  i: 'i',
  em: 'i',
  cite: 'i',
  u: 'u',
  ins: 'u',
  s: 's',
  strike: 's',
  del: 's',
  a: 'a',
};

/** Elements that end the paragraph before them and start a new one after. */
const blocks = new Set([
  ...['address', 'article', 'aside', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt'],
  ...['figcaption', 'figure', 'footer', 'header', 'hgroup', 'hr', 'main', 'nav', 'p', 'pre'],
  ...['section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr'],
]);
/** Headings become bold paragraphs: the composer's text has no heading levels to keep. */
const headings = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const linkSchemes = /^(https?:|mailto:)/i;
/** Collapsible white space; not \s, which would also eat no-break spaces. */
const spaces = /[ \t\n\r\f]+/g;

interface OpenMark {
  mark: Mark;
  /** The tag as written (a link's with its href), to reopen it in the next paragraph. */
  tag: string;
}

class Writer {
  private readonly out: string[] = [];
  /** UTF-8 bytes written so far. */
  size = 0;
  private readonly containers: Container[] = [];
  private readonly marks: OpenMark[] = [];
  private inParagraph = false;
  /** Inside <pre>: line breaks are kept as <br>. */
  private preformatted = 0;

  open(name: string, attributes: Record<string, string>): void {
    const mark = markOf[name];
    if (mark === 'a') {
      const href = attributes.href?.trim() ?? '';
      this.pushMark('a', linkSchemes.test(href) ? `<a href="${escapeHtml(href)}">` : '');
    } else if (mark) this.pushMark(mark, `<${mark}>`);
    else if (name === 'br') this.write('<br>', true);
    else if (name === 'img') this.image(attributes);
    else if (name === 'blockquote' || name === 'ul' || name === 'ol') this.openContainer(name);
    else if (name === 'li') {
      const top = this.containers.at(-1);
      if (top === 'ul' || top === 'ol') this.openContainer('li');
      else this.endParagraph();
    } else if (headings.has(name)) {
      this.endParagraph();
      this.pushMark('b', '<b>');
    } else if (blocks.has(name)) {
      this.endParagraph();
      if (name === 'pre') this.preformatted++;
    }
  }

  close(name: string): void {
    const mark = markOf[name];
    if (mark) this.popMark(mark);
    else if (name === 'blockquote' || name === 'ul' || name === 'ol' || name === 'li')
      this.closeContainer(name);
    else if (headings.has(name)) {
      this.popMark('b');
      this.endParagraph();
    } else if (blocks.has(name)) {
      this.endParagraph();
      if (name === 'pre') this.preformatted = Math.max(0, this.preformatted - 1);
    }
  }

  /** Text, decoded: escaped here (quotes need no escaping outside attributes). */
  text(decoded: string): void {
    const safe = decoded.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (this.preformatted > 0) {
      safe.split(/\r?\n/).forEach((line, index) => {
        if (index > 0) this.write('<br>', true);
        if (line) this.write(line, true);
      });
      return;
    }
    const collapsed = safe.replace(spaces, ' ');
    if (collapsed === ' ' && !this.inParagraph) return;
    // Not trimStart(), which would take a no-break space too.
    this.write(this.inParagraph ? collapsed : collapsed.replace(/^ /, ''), true);
  }

  finish(): string {
    this.endParagraph();
    while (this.containers.length > 0) this.push(`</${this.containers.pop()!}>`);
    return this.out.join('');
  }

  private image(attributes: Record<string, string>): void {
    const src = attributes.src?.trim() ?? '';
    if (!keptImage(src)) return;
    const alt = attributes.alt;
    this.write(`<img src="${escapeHtml(src)}"${alt ? ` alt="${escapeHtml(alt)}"` : ''}>`, true);
  }

  private write(html: string, inline: boolean): void {
    if (inline && !this.inParagraph) this.startParagraph();
    this.push(html);
  }

  private push(html: string): void {
    this.out.push(html);
    this.size += Buffer.byteLength(html);
  }

  private startParagraph(): void {
    const top = this.containers.at(-1);
    // Text straight inside a list belongs to an item of its own.
    if (top === 'ul' || top === 'ol') this.openContainer('li');
    this.push('<p>');
    for (const open of this.marks) this.push(open.tag);
    this.inParagraph = true;
  }

  private endParagraph(): void {
    if (!this.inParagraph) return;
    for (const open of [...this.marks].reverse()) this.push(closingTag(open));
    this.push('</p>');
    this.inParagraph = false;
  }

  private pushMark(mark: Mark, tag: string): void {
    this.marks.push({ mark, tag });
    if (this.inParagraph) this.push(tag);
  }

  /** Closes the innermost open mark of this kind, reopening the marks opened inside it. */
  private popMark(mark: Mark): void {
    const index = this.marks.map((m) => m.mark).lastIndexOf(mark);
    if (index < 0) return;
    const inside = this.marks.slice(index + 1);
    if (this.inParagraph) {
      for (const open of [...inside].reverse()) this.push(closingTag(open));
      this.push(closingTag(this.marks[index]!));
      for (const open of inside) this.push(open.tag);
    }
    this.marks.splice(index, 1);
  }

  private openContainer(container: Container): void {
    this.endParagraph();
    this.containers.push(container);
    this.push(`<${container}>`);
  }

  private closeContainer(container: Container): void {
    const index = this.containers.lastIndexOf(container);
    if (index < 0) return;
    this.endParagraph();
    while (this.containers.length > index) this.push(`</${this.containers.pop()!}>`);
  }
}

/** A mark's closing tag; a link whose href was refused opened nothing, so it closes nothing. */
function closingTag(open: OpenMark): string {
  return open.tag ? `</${open.mark}>` : '';
}

/**
 * At most `bytes` of the text's UTF-8, ending before the last `boundary` in it when there is one
 * (so not inside a word or an entity), else before a character cut in half.
 */
export function utf8Prefix(text: string, bytes: number, boundary: string): string {
  const cut = Buffer.from(text).subarray(0, bytes).toString('utf8');
  const end = cut.lastIndexOf(boundary);
  return end > 0 ? cut.slice(0, end) : cut.replace(/\ufffd$/, '');
}

export interface EditorHtml {
  html: string;
  /** All of the input is in it; false when it stopped at `maxBytes`. */
  complete: boolean;
}

/**
 * The editor's HTML for sanitized message HTML. Past `maxBytes` of output it stops at the next
 * tag or text and closes what is open, so a long quote is cut, never broken.
 */
export function editorHtml(html: string, maxBytes = Infinity): EditorHtml {
  const writer = new Writer();
  let complete = true;
  /** Whether there is room for more; once there is not, the rest of the input is skipped. */
  const room = () => complete && (complete = writer.size < maxBytes);
  const parser = new Parser(
    {
      onopentag: (name, attributes) => room() && writer.open(name, attributes),
      onclosetag: (name) => room() && writer.close(name),
      ontext: (text) => {
        if (!room()) return;
        if (Buffer.byteLength(text) <= maxBytes - writer.size) return writer.text(text);
        writer.text(utf8Prefix(text, maxBytes - writer.size, ' '));
        complete = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { html: writer.finish(), complete };
}

/** Plain text → editor paragraphs: a blank line between paragraphs, a <br> for each other line. */
export function textToEditorHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, ''))
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${escapeHtml(paragraph).split('\n').join('<br>')}</p>`)
    .join('');
}
