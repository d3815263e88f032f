/**
 * The HTML a user wrote, made fit to leave: sanitize-html with an allow-list that mirrors the
 * editor's schema (text formatting, links, lists, quotes, headings, images), and image sources
 * that work for the recipient. An image from one of the user's messages (a part URL, as in a
 * quoted reply) travels inside the message as a cid: part; a remote image the reader showed
 * through Tern's proxy gets its original address back; anything else (data:, other origins,
 * relative paths) is dropped. The text alternative is made from the result.
 */
import 'server-only';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import sanitize, { type Attributes, type IOptions } from 'sanitize-html';
import { folderFromSegment } from '../../client/folder-path';
import { proxiedTarget } from '../../proxy/path';

/** A part of a message in one of the user's folders. */
export interface PartSource {
  folder: string;
  uid: number;
  partId: string;
}

export interface OutgoingHtml {
  html: string;
  /** The plain-text alternative. */
  text: string;
  /** The images to attach as related parts, each under the Content-ID its <img> now names. */
  images: Array<{ cid: string; source: PartSource }>;
}

export interface OutgoingOptions {
  /** Tern's public origin: a part URL may be written out in full (https://mail.example.com/api/…). */
  origin: string;
  /** The right-hand side of the Content-IDs made here (unique to the message), e.g. composeId@domain. */
  cidSuffix: string;
  /**
   * Whether the image under this Content-ID was found; a second pass with it drops the others.
   * Content-IDs are numbered by first appearance whether kept or not, so both passes agree.
   */
  available?: (cid: string) => boolean;
}

/** GET /api/folders/{path}/messages/{uid}/parts/{partId}, as lib/mail/message.ts partUrl() writes it. */
const partPath =
  /^\/api\/folders\/([^/?#]+)\/messages\/([1-9]\d{0,9})\/parts\/(\d+(?:\.\d+)*)(?:\?inline=1)?$/;
const remoteUrl = /^https?:\/\/[^/\s]/i;
const linkTarget = /^(https?:\/\/|mailto:)/i;

/** The part a Tern part URL names, or undefined. */
export function partOfUrl(src: string, origin: string): PartSource | undefined {
  const path = src.startsWith(`${origin}/`) ? src.slice(origin.length) : src;
  const match = partPath.exec(path);
  const folder = match && folderFromSegment(match[1]!);
  if (!match || !folder) return undefined;
  return { folder, uid: Number(match[2]), partId: match[3]! };
}

const allowed: Pick<IOptions, 'allowedTags' | 'allowedAttributes' | 'allowedSchemesByTag'> = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'strong',
    'b',
    'em',
    'i',
    'u',
    's',
    'strike',
    'del',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'pre',
    'code',
    'hr',
    'img',
  ],
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    blockquote: ['type'],
    ol: ['start'],
  },
  allowedSchemesByTag: { a: ['http', 'https', 'mailto'], img: ['cid', 'http', 'https'] },
};

const textOptions: HtmlToTextOptions = {
  wordwrap: 78,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
      selector,
      options: { uppercase: false },
    })),
  ],
};

export function outgoingHtml(html: string, options: OutgoingOptions): OutgoingHtml {
  const images: OutgoingHtml['images'] = [];
  const cidBySrc = new Map<string, string>();

  /** Where an image loads from once sent, or undefined to drop it. */
  const imageSource = (src: string): string | undefined => {
    const proxied = proxiedTarget(
      src.startsWith(`${options.origin}/`) ? src.slice(options.origin.length) : src,
    );
    if (proxied !== undefined) return remoteUrl.test(proxied) ? proxied : undefined;
    const part = partOfUrl(src, options.origin);
    if (!part) return undefined;
    const key = `${part.folder}\u0000${part.uid}\u0000${part.partId}`;
    let cid = cidBySrc.get(key);
    if (!cid) {
      cid = `image${images.length + 1}.${options.cidSuffix}`;
      cidBySrc.set(key, cid);
      images.push({ cid, source: part });
    }
    return !options.available || options.available(cid) ? `cid:${cid}` : undefined;
  };

  const clean = sanitize(html, {
    ...allowed,
    allowProtocolRelative: false,
    transformTags: {
      img: (tagName: string, attribs: Attributes) => {
        const { src, ...rest } = attribs;
        const source = src ? imageSource(src.trim()) : undefined;
        return { tagName, attribs: source ? { ...rest, src: source } : rest };
      },
      a: (tagName: string, attribs: Attributes) => {
        const { href, ...rest } = attribs;
        const target = href?.trim();
        return {
          tagName,
          attribs: target && linkTarget.test(target) ? { ...rest, href: target } : rest,
        };
      },
    },
    // An image that lost its source shows nothing to anyone: leave it out.
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return { html: clean, text: htmlToPlainText(clean), images };
}

/** The plain-text alternative of outgoing HTML: quotes as "> ", links with their address. */
export function htmlToPlainText(html: string): string {
  return convert(html, textOptions);
}
