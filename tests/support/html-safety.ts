/**
 * The static half of the "no script, nothing loads" rule for sanitized message HTML: what must
 * never be left in Tern's output, whatever went in. Checked on the parsed DOM (so entities and
 * odd quoting cannot hide anything) and on the raw string.
 */
import { JSDOM } from 'jsdom';

/** Elements that run code, navigate, submit or change how the document is read. */
const forbiddenElements = new Set([
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'meta',
  'link',
  'form',
  'style',
  'template',
  'svg',
  'math',
]);
/** Attributes a browser reads as a URL. */
const urlAttributes = new Set([
  'href',
  'src',
  'srcset',
  'action',
  'formaction',
  'data',
  'background',
  'poster',
  'xlink:href',
  'cite',
  'longdesc',
  'usemap',
  'lowsrc',
  'dynsrc',
  'ping',
  'manifest',
  'codebase',
  'style',
]);
/** URLs that run code or render documents (control characters and spaces are ignored, as browsers do). */
const activeUrl = /(?:java|vb|live)script:|data:(?:text\/html|image\/svg|application)/i;

let window: JSDOM['window'] | undefined;

/** What is wrong with sanitized HTML: an empty list when it is safe to show. */
export function unsafeMarkup(html: string): string[] {
  window ??= new JSDOM('').window;
  const problems: string[] = [];
  if (/<script/i.test(html)) problems.push('a <script> tag');
  const template = window.document.createElement('template');
  template.innerHTML = html;
  for (const element of template.content.querySelectorAll('*')) {
    const tag = element.localName;
    if (forbiddenElements.has(tag)) problems.push(`a <${tag}> element`);
    for (const { name, value } of element.attributes) {
      if (/^on/i.test(name)) problems.push(`an event handler ${name}= on <${tag}>`);
      const compact = value.replace(/[\u0000-\u0020\u007f-\u00a0]/g, '');
      if (urlAttributes.has(name) && activeUrl.test(compact))
        problems.push(`an active URL in ${name}= on <${tag}>`);
      if (name === 'style' && /(?:url|image|image-set|expression)\s*\(|@import/i.test(value))
        problems.push(`a style that loads or runs something on <${tag}>`);
    }
  }
  return problems;
}

const loadingAttributes = new Set([
  'src',
  'srcset',
  'background',
  'poster',
  'data',
  'href',
  'xlink:href',
  'action',
  'formaction',
  'ping',
  'style',
]);

/** Remote addresses an element would fetch from when the HTML is shown (a link needs a click). */
export function remoteReferences(html: string): string[] {
  window ??= new JSDOM('').window;
  const template = window.document.createElement('template');
  template.innerHTML = html;
  const found: string[] = [];
  for (const element of template.content.querySelectorAll('*')) {
    for (const { name, value } of element.attributes) {
      if (!loadingAttributes.has(name)) continue;
      if (name === 'href' && (element.localName === 'a' || element.localName === 'area')) continue;
      if (/(?:https?:)?\/\/[a-z0-9]/i.test(value))
        found.push(`${element.localName} ${name}="${value.slice(0, 80)}"`);
    }
  }
  return found;
}
