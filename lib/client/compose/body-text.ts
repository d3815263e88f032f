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

const blockTags = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'PRE',
  'TR',
  'UL',
  'OL',
  'TABLE',
]);

function textOf(node: Node): string {
  if (node.nodeType === 3) return (node.textContent ?? '').replace(/\s+/g, ' ');
  if (!(node instanceof Element)) return '';
  if (node.tagName === 'BR') return '\n';
  if (node.tagName === 'BLOCKQUOTE') {
    const inner = childrenText(node).trim();
    return `\n\n${inner
      .split('\n')
      .map((line) => (line ? `> ${line}` : '>'))
      .join('\n')}\n\n`;
  }
  let inner = childrenText(node);
  if (node.tagName === 'LI') inner = `- ${inner.trim()}`;
  if (node.tagName === 'A') {
    const href = node.getAttribute('href');
    if (href && href !== inner.trim() && !href.startsWith('mailto:')) inner = `${inner} <${href}>`;
  }
  if (blockTags.has(node.tagName)) return `\n${inner}\n${node.tagName === 'LI' ? '' : '\n'}`;
  return inner;
}

function childrenText(node: Node): string {
  return Array.from(node.childNodes, textOf).join('');
}

/** Editor HTML as plain text: paragraphs apart, lists with dashes, quotes with "> ". */
export function htmlToText(html: string): string {
  const document = new DOMParser().parseFromString(html, 'text/html');
  return childrenText(document.body)
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
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
