/**
 * The image proxy's address: `/api/proxy?url=<the remote URL>&sig=<HMAC>`. Pure string work, so
 * the sanitizer can recognise a proxied image from an earlier pass without knowing any key.
 */

export const proxyPath = '/api/proxy';

/**
 * encodeURIComponent leaves ! ' ( ) * alone; they are escaped too, so the path can stand inside a
 * CSS url("..."), and, with no commas or spaces, as a srcset candidate.
 */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function proxyHref(url: string, sig: string): string {
  return `${proxyPath}?url=${encode(url)}&sig=${encode(sig)}`;
}

/** The remote URL a proxy path stands for, or undefined when the source is not one. */
export function proxiedTarget(src: string): string | undefined {
  if (!src.startsWith(`${proxyPath}?`)) return undefined;
  const url = new URLSearchParams(src.slice(proxyPath.length + 1)).get('url');
  return url ?? undefined;
}
