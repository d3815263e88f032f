/**
 * The few header fields the reader needs beyond IMAP's ENVELOPE (References, List-Unsubscribe,
 * and the raw address and subject fields where the ENVELOPE lost their 8-bit bytes), read from
 * the header lines FETCH returned for them. Bounded: hostile headers can be huge.
 */
import 'server-only';
import { headerBytesText } from './header-text';

const maxHeaderBytes = 64 * 1024;
const maxItems = 100;

/**
 * Header name (lower case) → its unfolded values, in order. Each value's bytes are read as UTF-8,
 * else in the message's charset (`hint`), else Windows-1252; encoded words are left as they are.
 */
export function headerValues(block: Buffer | undefined, hint?: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (!block) return values;
  // Latin-1 keeps one character per byte, so each value's bytes can be decoded on their own.
  const text = block
    .subarray(0, maxHeaderBytes)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = headerBytesText(Buffer.from(line.slice(colon + 1), 'latin1'), hint).trim();
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return values;
}

/** The message ids of References (or In-Reply-To), with their angle brackets. */
export function messageIds(value: string | undefined): string[] {
  return (value?.match(/<[^<>\s]{1,250}>/g) ?? []).slice(0, maxItems);
}

/** List-Unsubscribe's targets a reader may follow: https: pages and mailto: addresses. */
export function unsubscribeTargets(value: string | undefined): string[] {
  const targets = value?.match(/<[^<>]{1,2000}>/g) ?? [];
  return targets
    .map((t) => t.slice(1, -1).trim())
    .filter((t) => /^(https:|mailto:)/i.test(t) && !/[\s"]/.test(t))
    .slice(0, 4);
}
