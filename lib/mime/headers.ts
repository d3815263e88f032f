/**
 * The few header fields the reader needs beyond IMAP's ENVELOPE (References, List-Unsubscribe),
 * read from the header lines FETCH returned for them. Bounded: hostile headers can be huge.
 */
import 'server-only';

const maxHeaderBytes = 64 * 1024;
const maxItems = 100;

/** Header name (lower case) → its unfolded values, in order. */
export function headerValues(block: Buffer | undefined): Map<string, string[]> {
  const values = new Map<string, string[]>();
  if (!block) return values;
  const text = block
    .subarray(0, maxHeaderBytes)
    .toString('utf8')
    .replace(/\r?\n[ \t]+/g, ' ');
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    values.set(name, [...(values.get(name) ?? []), line.slice(colon + 1).trim()]);
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
