/**
 * A quick look at message HTML before sanitizing it: the sanitizer's cost grows with nesting
 * faster than with size (2,000 nested elements cost it 0.4 s, 20,000 over a minute), so HTML
 * past these limits is not rendered at all. The scan is a tag tokenizer, not a parser: elements
 * that HTML closes implicitly (p, li, td…) and void elements do not count towards depth, so
 * sloppy but ordinary mail is not mistaken for an attack.
 */
import 'server-only';

export const htmlLimits = { depth: 256, elements: 50_000 } as const;

const voidOrImplied = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
  'p',
  'li',
  'dt',
  'dd',
  'td',
  'th',
  'tr',
  'tbody',
  'thead',
  'tfoot',
  'option',
  'optgroup',
]);
const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(\/?)>/g;

/** Why this HTML is too complex to render, or undefined when it is fine. */
export function htmlTooComplex(html: string): string | undefined {
  let depth = 0;
  let deepest = 0;
  let elements = 0;
  for (const [, closing, rawName, selfClosing] of html.matchAll(tag)) {
    const name = rawName!.toLowerCase();
    if (voidOrImplied.has(name)) {
      if (!closing) elements++;
      continue;
    }
    if (closing) depth = Math.max(0, depth - 1);
    else {
      elements++;
      if (!selfClosing) deepest = Math.max(deepest, ++depth);
    }
    if (deepest > htmlLimits.depth) return `nested more than ${htmlLimits.depth} deep`;
    if (elements > htmlLimits.elements) return `more than ${htmlLimits.elements} elements`;
  }
  return undefined;
}
