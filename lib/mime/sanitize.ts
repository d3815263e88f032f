/**
 * Message HTML → HTML safe to show in a sandboxed frame: DOMPurify (on jsdom) with an allow-list,
 * plus hooks that make remote content inert (or route it through the image proxy when the user
 * allowed it), point cid: images at their parts, and open links in a new browsing context.
 * Everything happens inside the one sanitize pass; the result is never edited as a string.
 */
import 'server-only';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
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
   * for img/video/source src, srcset candidates and style url()s. A proxy path already in the
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

/**
 * Attributes that load things or run code, on any element, beyond DOMPurify's own list. srcset
 * is among them so DOMPurify drops the message's own; the hooks put back a rewritten one.
 */
const forbiddenAttributes = ['srcset', 'ping', 'background', 'poster', 'action', 'formaction'];
const srcsetTags = new Set(['img', 'source']);

type Context = SanitizeOptions & {
  blocked: number;
  srcsets: WeakMap<Element, string>;
  /** Style attributes already judged in this pass: newsletters repeat a few, hundreds of times. */
  styles: Map<string, { kept: string; blocked: number }>;
};

let purifier: DOMPurify | undefined;
let context: Context | undefined;

function instance(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const ctx = context!;
    const name = data.attrName;
    if (name === 'srcset') {
      const rewritten = srcsetTags.has(node.tagName.toLowerCase())
        ? safeSrcset(data.attrValue, ctx)
        : '';
      if (rewritten) ctx.srcsets.set(node, rewritten);
      return;
    }
    if (name === 'background' || name === 'poster') {
      if (remoteTarget(data.attrValue.trim()) !== undefined) ctx.blocked++;
      return;
    }
    if (name === 'style') data.attrValue = safeStyleOnce(data.attrValue, ctx);
    // Protocol-relative sources would fail DOMPurify's URI check before the hook below sees
    // them, leaving them uncounted; written out in full they are blocked or proxied like any.
    if (name === 'src' && data.attrValue.startsWith('//'))
      data.attrValue = `https:${data.attrValue}`;
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const ctx = context!;
    const tag = node.tagName?.toLowerCase();
    // Whatever the element (img, video, audio, source, track...), a src loads: only images that
    // cannot reach the network, or go through the proxy, stay.
    const src = node.getAttribute('src');
    if (src !== null) {
      const safe = imageSource(src.trim(), ctx);
      if (safe === undefined) node.removeAttribute('src');
      else node.setAttribute('src', safe);
    }
    if (srcsetTags.has(tag ?? '')) {
      const srcset = ctx.srcsets.get(node);
      if (srcset) node.setAttribute('srcset', srcset);
    }
    // href means a link only on links (on <img> it is what <svg><image href> parses to).
    if (tag !== 'a' && tag !== 'area') node.removeAttribute('href');
    if (tag === 'a' || tag === 'area') {
      const href = node.getAttribute('href');
      if (href !== null && !linkSchemes.test(href.trim())) node.removeAttribute('href');
      if (node.hasAttribute('href') && !href?.trim().startsWith('#')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    }
  });
  purifier = purify;
  return purify;
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

export function sanitizeHtml(html: string, options: SanitizeOptions): Sanitized {
  const purify = instance();
  context = { ...options, blocked: 0, srcsets: new WeakMap(), styles: new Map() };
  try {
    const clean = purify.sanitize(html, {
      USE_PROFILES: { html: true },
      FORBID_TAGS: [
        'style',
        'form',
        'input',
        'button',
        'textarea',
        'select',
        'link',
        'meta',
        'base',
        // Never shown, and DOMPurify's output of it is not stable under a second pass.
        'template',
      ],
      FORBID_ATTR: forbiddenAttributes,
      ALLOW_DATA_ATTR: false,
      ALLOWED_URI_REGEXP:
        /^(?:https?:|mailto:|tel:|cid:|data:image\/|#|\/api\/folders\/|\/api\/proxy\?)/i,
      ADD_ATTR: ['target'],
    });
    return { html: clean, remoteBlocked: context.blocked };
  } finally {
    context = undefined;
  }
}
