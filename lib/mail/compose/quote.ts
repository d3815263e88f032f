/**
 * The original message inside a reply or an inline forward, as the composer starts with it: HTML
 * the editor keeps (editor-html.ts) or plain text quoted with "> ". An empty paragraph (or line)
 * comes first, for the user to type in.
 */
import 'server-only';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import type { Address, ComposeBody, MessageView } from '../types';
import { editorHtml, escapeHtml, textToEditorHtml, utf8Prefix } from './editor-html';
import { maxHtmlBytes, maxTextBytes } from './schema';

export type BodyFormat = ComposeBody['mode'];

type Quoted = Pick<
  MessageView,
  'from' | 'to' | 'cc' | 'date' | 'subject' | 'html' | 'text' | 'truncated'
>;

/**
 * The most of the original a body quotes, in bytes: three quarters of what a save accepts, the
 * rest left for what the user writes (and for the editor writing the HTML a little longer).
 */
export const quoteLimits = { html: (maxHtmlBytes * 3) / 4, text: (maxTextBytes * 3) / 4 };

const cutNote = '[The rest of the original message is not included: it is too long to quote.]';

interface Cut {
  content: string;
  complete: boolean;
}

/** At most `bytes` of the text, cut at the end of a line. */
function textPrefix(text: string, bytes: number): Cut {
  if (Buffer.byteLength(text) <= bytes) return { content: text, complete: true };
  return { content: utf8Prefix(text, bytes, '\n'), complete: false };
}

export interface QuoteOptions {
  /** The IANA time zone dates are written in (the user's); UTC, said so, when not given. */
  timeZone?: string;
}

/** "Tue, 3 Mar 2026 at 10:00" in the user's time zone (with "UTC" when it is not known). */
export function quoteDate(iso: string, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timeZone ?? 'UTC',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const written = `${part('weekday')}, ${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}`;
  return timeZone ? written : `${written} UTC`;
}

export function addressText(address: Address): string {
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

const listText = (list: Address[]) => list.map(addressText).join(', ');

/** "On Tue, 3 Mar 2026 at 10:00, Bob <bob@example.com> wrote:" */
export function attribution(original: Quoted, options: QuoteOptions = {}): string {
  const who = original.from[0] ? addressText(original.from[0]) : 'someone';
  return `On ${quoteDate(original.date, options.timeZone)}, ${who} wrote:`;
}

/** The lines of an inline forward's header block: From, Date, Subject, To and Cc when there is one. */
function forwardHeader(original: Quoted, options: QuoteOptions): string[] {
  const lines = [
    '---------- Forwarded message ---------',
    `From: ${listText(original.from)}`,
    `Date: ${quoteDate(original.date, options.timeZone)}`,
    `Subject: ${original.subject}`,
    `To: ${listText(original.to)}`,
  ];
  if (original.cc.length > 0) lines.push(`Cc: ${listText(original.cc)}`);
  return lines;
}

/**
 * The original's body as editor HTML (its HTML, else its text; '' when it has neither), with a
 * note at the end when it is not all there.
 */
function bodyHtml(original: Quoted): string {
  let cut: Cut;
  if (original.html) {
    const converted = editorHtml(original.html, quoteLimits.html);
    cut = { content: converted.html, complete: converted.complete };
  } else {
    cut = textPrefix(original.text ?? '', quoteLimits.html / 2);
    cut.content = textToEditorHtml(cut.content);
  }
  const whole = cut.complete && !original.truncated;
  return whole || !cut.content ? cut.content : `${cut.content}<p>${escapeHtml(cutNote)}</p>`;
}

const textOptions: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
};

/**
 * The original's body as plain text (its text part, else its HTML written out as text), with a
 * note at the end when it is not all there.
 */
function bodyText(original: Quoted): string {
  const text = original.text ?? (original.html ? convert(original.html, textOptions) : '');
  const cut = textPrefix(text.replace(/\r\n?/g, '\n').replace(/\s+$/, ''), quoteLimits.text);
  const whole = cut.complete && !original.truncated;
  return whole || !cut.content ? cut.content : `${cut.content}\n\n${cutNote}`;
}

/** "> " before each line; a line already quoted gets only ">", so levels read ">> ". */
export function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' || line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');
}

/** A reply's body: room to write, then the attribution and the original quoted. */
export function replyBody(
  original: Quoted,
  format: BodyFormat,
  options: QuoteOptions = {},
): ComposeBody {
  const said = attribution(original, options);
  if (format === 'text') {
    const text = bodyText(original);
    return { mode: 'text', text: text ? `\n\n${said}\n${quoteLines(text)}\n` : '' };
  }
  const html = bodyHtml(original);
  return {
    mode: 'html',
    html: html
      ? `<p></p><p>${escapeHtml(said)}</p><blockquote type="cite">${html}</blockquote>`
      : '<p></p>',
  };
}

/** An inline forward's body: room to write, the original's header block, then its body. */
export function forwardBody(
  original: Quoted,
  format: BodyFormat,
  options: QuoteOptions = {},
): ComposeBody {
  const header = forwardHeader(original, options);
  if (format === 'text') {
    const text = bodyText(original);
    return { mode: 'text', text: `\n\n${header.join('\n')}\n\n${text}${text ? '\n' : ''}` };
  }
  const lines = header.map(escapeHtml).join('<br>');
  return { mode: 'html', html: `<p></p><p>${lines}</p>${bodyHtml(original)}` };
}

/** An empty body of the format asked for (a forward as attachment says nothing of its own). */
export function emptyBody(format: BodyFormat): ComposeBody {
  return format === 'text' ? { mode: 'text', text: '' } : { mode: 'html', html: '<p></p>' };
}
