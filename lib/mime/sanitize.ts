/**
 * Message HTML → HTML safe to show in a sandboxed frame: sanitize-html with an allow-list of
 * HTML elements and attributes (no SVG or MathML, no forms, no style sheets), and one transform
 * per element that makes remote content inert (or routes it through the image proxy when the
 * user allowed it), points cid: images at their parts, and opens links in a new browsing
 * context. Everything happens inside the one sanitize pass; the result is never edited as a
 * string. sanitize-html re-serializes every tag it keeps and escapes all text, so the browser can
 * only see the markup written here; it is also about ten times faster than DOMPurify on jsdom,
 * which had been most of the time it took to open a message.
 */
import 'server-only';
import sanitize, { type Attributes, type IOptions } from 'sanitize-html';
import { proxiedTarget } from '../proxy/path';

export interface SanitizeOptions {
  /** The URL of an inline part for a cid: reference, or undefined when there is no such part. */
  cidUrl: (contentId: string) => string | undefined;
  /**
   * Where this message's own parts download from: an image already pointing there (from an
   * earlier pass) stays, so sanitizing twice changes nothing.
   */
  partPrefix: string;
  /**
   * The proxied URL for a remote image when remote content is allowed; undefined blocks it. Used
   * for img src, srcset candidates, style url()s and table backgrounds. A proxy path already in the
   * HTML (an earlier pass, or a hostile message) is never trusted: the URL it carries goes
   * through here again, so it is signed for this reader or blocked.
   */
  remoteUrl?: (url: string) => string | undefined;
}

export interface Sanitized {
  html: string;
  /** Remote resources left out (images, backgrounds, style url()s). */
  remoteBlocked: number;
}

/** Raster image types a data: URL may carry; SVG can hold script and is refused. */
const rasterData = /^data:image\/(png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]*$/i;
const remote = /^(https?:)?\/\//i;
const linkSchemes = /^(https?:|mailto:|tel:|#)/i;
/**
 * CSS that reaches outside the message or escapes its box: functions that load something other
 * than url() (which is judged on its own, to be proxied or dropped), old IE script hooks.
 */
const unsafeCss =
  /(?:image|image-set|cross-fade|element|src)\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding/i;
const anyCssUrl = /url\s*\(/gi;
/** A network address as the argument of any CSS function (url(), image(), IE's filters…). */
const remoteInCss = /\(\s*(?:src\s*=\s*)?['"]?\s*(https?:)?\/\//i;
/** A network address anywhere in a declaration, once url()s went to the proxy or away. */
const addressInCss = /(?:https?:)?\/\//i;
/** One url(), quoted or bare (declarations with escapes never get this far). */
const cssUrl = /url\(\s*(?:"([^"\\]*)"|'([^'\\]*)'|([^\s"'()\\]*))\s*\)/gi;
const unsafePosition = /^(fixed|sticky)$/i;
const cssProperty = /^-?[a-z][a-z0-9-]*$/;
/** Escapes, comments and markup characters in a declaration: dropped, never interpreted. */
const trickyCss = /[\\<>]|\/\*/;
/** Longer style attributes are cut: no message needs more to look right. */
const maxStyleLength = 4096;

/** What mail uses to lay itself out; everything else goes, its text kept. */
const allowedTags = [
  ...['a', 'abbr', 'acronym', 'address', 'area', 'article', 'aside', 'b', 'bdi', 'bdo', 'big'],
  ...['blockquote', 'br', 'caption', 'center', 'cite', 'code', 'col', 'colgroup', 'dd', 'del'],
  ...['details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'font', 'footer'],
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'i', 'img', 'ins', 'kbd'],
  ...['li', 'main', 'map', 'mark', 'nav', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby'],
  ...['s', 'samp', 'section', 'small', 'source', 'span', 'strike', 'strong', 'sub', 'summary'],
  ...['sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'tt', 'u', 'ul'],
  ...['var', 'wbr'],
];
const allowedTagSet = new Set(allowedTags);
/**
 * Attributes kept on any allowed element. src, srcset, href and style are rewritten by
 * `transform` first; target and rel are Tern's own, never the message's.
 */
const allowedAttributes = [
  ...['abbr', 'align', 'alt', 'aria-*', 'axis', 'bgcolor', 'border', 'cellpadding'],
  ...['cellspacing', 'char', 'charoff', 'class', 'clear', 'color', 'cols', 'colspan'],
  ...['compact', 'coords', 'datetime', 'dir', 'face', 'frame', 'headers', 'height', 'hidden'],
  ...['href', 'hspace', 'id', 'lang', 'media', 'name', 'noshade', 'nowrap', 'open', 'rel'],
  ...['reversed', 'role', 'rows', 'rowspan', 'rules', 'scope', 'shape', 'size', 'sizes', 'span'],
  ...['src', 'srcset', 'start', 'style', 'summary', 'target', 'title', 'translate', 'type'],
  ...['usemap', 'valign', 'value', 'vspace', 'width'],
];
/** A value that reads like markup: nothing in mail needs one, and it is how filters are fooled. */
const markupInValue = /<[a-z/!?]/i;
const srcsetTags = new Set(['img', 'source']);

const options: IOptions = {
  allowedTags,
  allowedAttributes: { '*': allowedAttributes },
  // Checked again after `transform`: links may be web, mail or phone addresses; an image only a
  // path of Tern's (its part or the proxy) or a raster data: URL.
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['data'], source: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  // Elements whose content is not for reading: dropped with it.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'xmp', 'title', 'template', 'noembed'],
  disallowedTagsMode: 'discard',
  // Style attributes are judged by safeStyle, which knows about the proxy.
  parseStyleAttributes: false,
  transformTags: { '*': transform },
};

type Context = SanitizeOptions & {
  blocked: number;
  /** Style attributes already judged in this pass: newsletters repeat a few, hundreds of times. */
  styles: Map<string, { kept: string; blocked: number }>;
};

let context: Context | undefined;

/** An allowed element's attributes, with everything that loads or links made safe. */
function transform(tagName: string, attribs: Attributes): { tagName: string; attribs: Attributes } {
  if (!allowedTagSet.has(tagName)) return { tagName, attribs };
  const ctx = context!;
  const kept: Attributes = {};
  let background: string | undefined;
  for (const [name, value] of Object.entries(attribs)) {
    if (markupInValue.test(value)) continue;
    switch (name) {
      case 'src': {
        const safe = tagName === 'img' ? imageSource(value.trim(), ctx) : undefined;
        if (safe) kept.src = safe;
        break;
      }
      case 'srcset': {
        const safe = srcsetTags.has(tagName) ? safeSrcset(value, ctx) : '';
        if (safe) kept.srcset = safe;
        break;
      }
      case 'style': {
        const safe = safeStyleOnce(value, ctx);
        if (safe) kept.style = safe;
        break;
      }
      case 'background': {
        // The old table-cell background: a remote one becomes a style url(), like any other.
        const target = remoteTarget(value.trim());
        if (target !== undefined) background = proxied(target, ctx);
        break;
      }
      case 'href':
        if ((tagName === 'a' || tagName === 'area') && linkSchemes.test(value.trim()))
          kept.href = value;
        break;
      case 'target':
      case 'rel':
        break;
      default:
        kept[name] = value;
    }
  }
  if (background) {
    // Before the element's own style, which wins over the attribute as it would in a browser.
    const image = `background-image: url("${background}")`;
    kept.style = kept.style ? `${image}; ${kept.style}` : image;
  }
  if (kept.href !== undefined && !kept.href.trim().startsWith('#')) {
    kept.target = '_blank';
    kept.rel = 'noopener noreferrer';
  }
  return { tagName, attribs: kept };
}

/** cid: → the part, remote → the proxy or nothing, data: raster only. */
function imageSource(src: string, ctx: Context): string | undefined {
  if (/^cid:/i.test(src)) return ctx.cidUrl(contentIdOf(src.slice(4)));
  if (src.startsWith(ctx.partPrefix) && /^[\d.]+\?inline=1$/.test(src.slice(ctx.partPrefix.length)))
    return src;
  const target = remoteTarget(src);
  if (target !== undefined) return proxied(target, ctx);
  return rasterData.test(src) ? src : undefined;
}

/** The remote URL a source loads: written out, protocol-relative, or inside a proxy path. */
function remoteTarget(src: string): string | undefined {
  if (remote.test(src)) return src.startsWith('//') ? `https:${src}` : src;
  return proxiedTarget(src);
}

/** The proxy path for a remote URL, or undefined (counted as blocked). */
function proxied(url: string, ctx: Context): string | undefined {
  const path = ctx.remoteUrl?.(url);
  if (!path) ctx.blocked++;
  return path;
}

/**
 * srcset candidates ("url [descriptor]", comma-separated) each resolved like a src; a candidate
 * that cannot load safely is left out. Proxy paths and part paths hold no spaces or commas.
 */
function safeSrcset(value: string, ctx: Context): string {
  const kept: string[] = [];
  for (const { url, descriptor } of srcsetCandidates(value)) {
    if (!/^(\d+w|\d+(\.\d+)?x)?$/.test(descriptor)) continue;
    const safe = imageSource(url, ctx);
    if (safe && !/[\s,]/.test(safe)) kept.push(descriptor ? `${safe} ${descriptor}` : safe);
  }
  return kept.join(', ');
}

/** The HTML standard's srcset parsing, simplified: a URL runs to whitespace, a descriptor to a comma. */
function srcsetCandidates(value: string): Array<{ url: string; descriptor: string }> {
  const candidates: Array<{ url: string; descriptor: string }> = [];
  let rest = value;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    const url = /^\S+/.exec(rest)?.[0];
    if (!url) return candidates;
    rest = rest.slice(url.length);
    if (url.endsWith(',')) {
      candidates.push({ url: url.replace(/,+$/, ''), descriptor: '' });
      continue;
    }
    const comma = rest.indexOf(',');
    candidates.push({ url, descriptor: (comma < 0 ? rest : rest.slice(0, comma)).trim() });
    rest = comma < 0 ? '' : rest.slice(comma + 1);
  }
}

function contentIdOf(reference: string): string {
  let decoded = reference;
  try {
    decoded = decodeURIComponent(reference);
  } catch {
    // not %-encoded after all: use it as written
  }
  return decoded.replace(/^<|>$/g, '');
}

/** safeStyle, remembered for the rest of the pass (the same value always gives the same answer). */
function safeStyleOnce(value: string, ctx: Context): string {
  const known = ctx.styles.get(value);
  if (known) {
    ctx.blocked += known.blocked;
    return known.kept;
  }
  const before = ctx.blocked;
  const kept = safeStyle(value, ctx);
  ctx.styles.set(value, { kept, blocked: ctx.blocked - before });
  return kept;
}

/**
 * Keeps the declarations that only style the message itself. Declarations are read plainly
 * (split at semicolons) rather than through jsdom's CSS engine, which cost more than all the rest
 * of sanitizing together; anything that needs care to read (escapes, comments, markup
 * characters) is dropped whole, since styling mail never needs it and it is how filters like this
 * are fooled.
 */
function safeStyle(value: string, ctx: Context): string {
  const kept: string[] = [];
  for (const declaration of value.slice(0, maxStyleLength).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const declared = declaration.slice(colon + 1).trim();
    if (!cssProperty.test(property) || declared === '') continue;
    if (trickyCss.test(declared)) {
      if (/url\s*\(/i.test(declared)) ctx.blocked++;
      continue;
    }
    const rewritten = styleUrls(declared, ctx);
    if (rewritten === undefined) continue;
    // Old IE filters and the like name addresses outside url(): nothing with one stays.
    if (addressInCss.test(rewritten.replace(cssUrl, ''))) {
      ctx.blocked++;
      continue;
    }
    if (
      property === 'position' &&
      unsafePosition.test(rewritten.replace(/!important$/i, '').trim())
    )
      continue;
    kept.push(`${property}: ${rewritten}`);
  }
  return kept.join('; ');
}

/**
 * A declaration's value with each remote url() pointing at the proxy, or undefined when it must
 * go: anything unsafe, a url() that is not remote (a local path, data:, cid:) or that cannot be
 * proxied, or a url() the pattern does not recognise. A dropped declaration counts once.
 */
function styleUrls(value: string, ctx: Context): string | undefined {
  const found = [...value.matchAll(cssUrl)].map((m) => (m[1] ?? m[2] ?? m[3] ?? '').trim());
  const targets = found.map(remoteTarget);
  const recognised = found.length === (value.match(anyCssUrl)?.length ?? 0);
  if (unsafeCss.test(value) || !recognised || targets.includes(undefined)) {
    const remoteInside = targets.some((t) => t !== undefined) || remoteInCss.test(value);
    if (remoteInside) ctx.blocked++;
    return undefined;
  }
  if (targets.length === 0) return value;
  const paths = targets.map((target) => (target ? ctx.remoteUrl?.(target) : undefined));
  if (paths.includes(undefined)) {
    ctx.blocked++;
    return undefined;
  }
  let index = 0;
  return value.replace(cssUrl, () => `url("${paths[index++] ?? ''}")`);
}

export function sanitizeHtml(html: string, sanitizeOptions: SanitizeOptions): Sanitized {
  context = { ...sanitizeOptions, blocked: 0, styles: new Map() };
  try {
    return { html: sanitize(html, options), remoteBlocked: context.blocked };
  } finally {
    context = undefined;
  }
}
