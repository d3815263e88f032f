/**
 * Message HTML → HTML safe to show in a sandboxed frame: DOMPurify (on jsdom) with an allow-list,
 * plus hooks that make remote content inert (or route it through the image proxy when the user
 * allowed it), point cid: images at their parts, and open links in a new browsing context.
 * Everything happens inside the one sanitize pass; the result is never edited as a string.
 */
import 'server-only';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';

export interface SanitizeOptions {
  /** The URL of an inline part for a cid: reference, or undefined when there is no such part. */
  cidUrl: (contentId: string) => string | undefined;
  /**
   * Where this message's own parts download from: an image already pointing there (from an
   * earlier pass) stays, so sanitizing twice changes nothing.
   */
  partPrefix: string;
  /** The proxied URL for a remote image when remote content is allowed; undefined blocks it. */
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
 * CSS that reaches outside the message or escapes its box: every function that loads something
 * (`url()`, `image()`, `image-set()`, `cross-fade()`, `element()`, `src()`), old IE script hooks.
 */
const unsafeCss =
  /(?:url|image|image-set|cross-fade|element|src)\s*\(|expression\s*\(|@import|javascript:|behavior\s*:|-moz-binding/i;
const remoteInCss = /\(\s*['"]?\s*(https?:)?\/\//i;
const unsafePosition = /^(fixed|sticky)$/i;

/** Attributes that load things or run code, on any element, beyond DOMPurify's own list. */
const forbiddenAttributes = ['srcset', 'ping', 'background', 'poster', 'action', 'formaction'];

let purifier: DOMPurify | undefined;
let context: (SanitizeOptions & { blocked: number }) | undefined;

function instance(): DOMPurify {
  if (purifier) return purifier;
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    const ctx = context!;
    const name = data.attrName;
    if (name === 'background' || name === 'srcset' || name === 'poster') {
      if (remote.test(data.attrValue.trim())) ctx.blocked++;
      return;
    }
    if (name === 'style') data.attrValue = safeStyle(data.attrValue, window, ctx);
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const ctx = context!;
    const tag = node.tagName?.toLowerCase();
    // Whatever the element (img, video, audio, source, track...), a src loads: only images that
    // cannot reach the network stay.
    const src = node.getAttribute('src');
    if (src !== null) {
      const safe = imageSource(src.trim(), ctx);
      if (safe === undefined) node.removeAttribute('src');
      else node.setAttribute('src', safe);
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
function imageSource(src: string, ctx: SanitizeOptions & { blocked: number }): string | undefined {
  if (/^cid:/i.test(src)) return ctx.cidUrl(contentIdOf(src.slice(4)));
  if (src.startsWith(ctx.partPrefix) && /^[\d.]+\?inline=1$/.test(src.slice(ctx.partPrefix.length)))
    return src;
  if (remote.test(src)) {
    const proxied = ctx.remoteUrl?.(src.startsWith('//') ? `https:${src}` : src);
    if (!proxied) ctx.blocked++;
    return proxied;
  }
  return rasterData.test(src) ? src : undefined;
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

/** Keeps the declarations that only style the message itself. */
function safeStyle(
  value: string,
  window: JSDOM['window'],
  ctx: SanitizeOptions & { blocked: number },
): string {
  const probe = window.document.createElement('span');
  probe.setAttribute('style', value);
  const style = probe.style;
  const kept: string[] = [];
  for (let i = 0; i < style.length; i++) {
    const property = style.item(i);
    const declared = style.getPropertyValue(property);
    if (unsafeCss.test(declared)) {
      if (remoteInCss.test(declared)) ctx.blocked++;
      continue;
    }
    if (property === 'position' && unsafePosition.test(declared.trim())) continue;
    const priority = style.getPropertyPriority(property);
    kept.push(`${property}: ${declared}${priority ? ' !important' : ''}`);
  }
  return kept.join('; ');
}

export function sanitizeHtml(html: string, options: SanitizeOptions): Sanitized {
  const purify = instance();
  context = { ...options, blocked: 0 };
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
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|tel:|cid:|data:image\/|#|\/api\/folders\/)/i,
      ADD_ATTR: ['target'],
    });
    return { html: clean, remoteBlocked: context.blocked };
  } finally {
    context = undefined;
  }
}
