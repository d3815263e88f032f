/**
 * The message body in its two forms: HTML from the rich editor, text from the plain one. Switching
 * between them converts; the HTML side is read with an inert DOMParser document (nothing in it
 * runs or loads).
 */
import type { ComposeBody, ComposeFields } from '@/lib/mail/types';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => escapes[c]!);
}

/** Plain text as editor HTML: blank lines part paragraphs, "> " lines become a quote. */
export function textToHtml(text: string): string {
  const blocks: string[] = [];
  let quoted: string[] = [];
  const flushQuote = () => {
    if (quoted.length) blocks.push(`<blockquote>${textToHtml(quoted.join('\n'))}</blockquote>`);
    quoted = [];
  };
  for (const paragraph of text.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = paragraph.split('\n');
    if (lines.every((line) => /^>/.test(line))) {
      if (quoted.length) quoted.push('');
      quoted.push(...lines.map((line) => line.replace(/^> ?/, '')));
      continue;
    }
    flushQuote();
    if (paragraph.trim()) blocks.push(`<p>${lines.map(escapeHtml).join('<br>')}</p>`);
  }
  flushQuote();
  return blocks.join('');
}

const blockTags = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'PRE', 'TABLE', 'TR']);

/** The text of an inline element: spaces collapsed, line breaks kept, link targets added. */
function inlineText(node: Node): string {
  if (node.nodeType === 3) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (!(node instanceof Element)) return '';
  if (node.tagName === 'BR') return '\n';
  const inner = Array.from(node.childNodes, inlineText).join('');
  const href = node.tagName === 'A' ? node.getAttribute('href') : null;
  return href && href !== inner.trim() && !href.startsWith('mailto:')
    ? `${inner} <${href}>`
    : inner;
}

function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

/** The blocks (paragraphs, lists, quotes) of an element's content, each as text. */
function blocksOf(parent: Node): string[] {
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const text = tidy(line);
    if (text) blocks.push(text);
    line = '';
  };
  for (const node of Array.from(parent.childNodes)) {
    const tag = node instanceof Element ? node.tagName : '';
    if (tag === 'UL' || tag === 'OL') {
      flush();
      const items = Array.from((node as Element).children)
        .filter((child) => child.tagName === 'LI')
        .map((li, i) => `${tag === 'OL' ? `${i + 1}.` : '-'} ${blocksOf(li).join('\n')}`);
      if (items.length) blocks.push(items.join('\n'));
    } else if (tag === 'BLOCKQUOTE') {
      flush();
      const inner = blocksOf(node).join('\n\n');
      if (inner) blocks.push(inner.replace(/^/gm, '> ').replace(/^> $/gm, '>'));
    } else if (blockTags.has(tag)) {
      flush();
      blocks.push(...blocksOf(node));
    } else line += inlineText(node);
  }
  flush();
  return blocks;
}

/** Editor HTML as plain text: paragraphs apart, lists with dashes or numbers, quotes with "> ". */
export function htmlToText(html: string): string {
  return blocksOf(new DOMParser().parseFromString(html, 'text/html').body).join('\n\n');
}

/** The body as the other mode shows it. */
export function convertBody(body: ComposeBody, mode: ComposeBody['mode']): ComposeBody {
  if (body.mode === mode) return body;
  return body.mode === 'html'
    ? { mode: 'text', text: htmlToText(body.html) }
    : { mode: 'html', html: textToHtml(body.text) };
}

function bodyIsEmpty(body: ComposeBody): boolean {
  if (body.mode === 'text') return body.text.trim() === '';
  return (
    body.html
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .trim() === ''
  );
}

/** The user wrote or chose something: worth keeping, and worth asking for the password in place. */
export function hasContent(fields: ComposeFields): boolean {
  return (
    fields.to.length + fields.cc.length + fields.bcc.length > 0 ||
    fields.subject.trim() !== '' ||
    fields.attachments.length > 0 ||
    !bodyIsEmpty(fields.body)
  );
}
