/**
 * Header text Tern decodes itself, for what imapflow's ENVELOPE and BODYSTRUCTURE reading loses:
 * raw 8-bit bytes (old mailers wrote Latin-1 straight into Subject, names and file names), which
 * imapflow reads as UTF-8 and turns into U+FFFD, and encoded words in charsets it does not know.
 * Pure functions of the header's text; they never throw.
 */
import 'server-only';
import { decodeCharset, strictUtf8, utf8OrLegacy } from './charset';
import { decodeBase64Prefix, decodeQuotedPrintablePrefix } from './transfer-encoding';

/**
 * A header field's raw bytes as text: UTF-8 when they are (RFC 6532), else the charset the
 * message's text is in (`hint`, how such mailers meant them), else Windows-1252.
 */
export function headerBytesText(raw: Buffer, hint?: string): string {
  return strictUtf8(raw) ?? (hint ? decodeCharset(raw, hint) : utf8OrLegacy(raw));
}

const encodedWord = /=\?([^?\s]+)\?([bq])\?([^?\s]*)\?=/gi;

/**
 * RFC 2047 encoded words → text. Adjacent words in one charset are joined before decoding (a
 * character may be split across them); the space between encoded words is not text. A word in an
 * unknown charset is read as undeclared text.
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  let last = 0;
  let pending: { charset: string; bytes: Buffer[] } | undefined;
  const flush = () => {
    if (pending) out += decodeCharset(Buffer.concat(pending.bytes), pending.charset);
    pending = undefined;
  };
  for (const match of value.matchAll(encodedWord)) {
    const between = value.slice(last, match.index);
    if (!pending || !/^[ \t\r\n]*$/.test(between)) {
      flush();
      out += between;
    }
    const charset = match[1]!.replace(/\*.*$/, '').toLowerCase();
    const payload = Buffer.from(match[3]!, 'latin1');
    const bytes =
      match[2]!.toLowerCase() === 'b'
        ? decodeBase64Prefix(payload, true)
        : decodeQuotedPrintablePrefix(Buffer.from(match[3]!.replace(/_/g, ' '), 'latin1'));
    if (pending && pending.charset !== charset) flush();
    pending ??= { charset, bytes: [] };
    pending.bytes.push(bytes);
    last = match.index + match[0].length;
  }
  flush();
  return out + value.slice(last);
}

/**
 * Display names by address (lower case) in an address header: `Name <a@b>`, `"Name" <a@b>` and
 * `a@b (Name)`, names decoded. Groups' own names are skipped.
 */
export function addressNames(value: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of splitTopLevel(value)) {
    const entry = item.replace(/^[^"<]*?:\s*/, '').replace(/;\s*$/, '');
    const angle = /^([\s\S]*)<([^<>]*)>\s*$/.exec(entry);
    const comment = /^\s*([^\s()<>]+@[^\s()<>]+)\s*\(([^()]*)\)\s*$/.exec(entry);
    const [name, address] = angle
      ? [angle[1]!, angle[2]!]
      : comment
        ? [comment[2]!, comment[1]!]
        : ['', ''];
    const unquoted = name
      .trim()
      .replace(/^"([\s\S]*)"$/, '$1')
      .replace(/\\(.)/g, '$1');
    if (address && unquoted) names.set(address.trim().toLowerCase(), decodeEncodedWords(unquoted));
  }
  return names;
}

/** Splits on commas outside quotes, comments and angle brackets. */
function splitTopLevel(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '\\') {
        current += c + (value[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(' || c === '<') depth++;
    else if ((c === ')' || c === '>') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      items.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  items.push(current);
  return items;
}

/** A parameter of a Content-Type or Content-Disposition value (quoted or not), decoded. */
export function parameterValue(header: string, name: string): string | undefined {
  const pattern = new RegExp(`;\\s*${name}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i');
  const match = pattern.exec(header);
  if (!match) return undefined;
  const value = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]!;
  return decodeEncodedWords(value);
}

const replacements = (text: string) => text.match(/\ufffd/g)?.length ?? 0;

/**
 * imapflow's decoding of a field, or Tern's own from the raw field when imapflow's lost bytes
 * (U+FFFD) and Tern's loses fewer.
 */
export function repairedText(decoded: string, raw: string | undefined): string {
  if (raw === undefined || !decoded.includes('\ufffd')) return decoded;
  const own = decodeEncodedWords(raw).trim();
  return replacements(own) < replacements(decoded) ? own : decoded;
}

/** Addresses whose display names imapflow garbled, renamed from the raw header fields. */
export function repairedNames<T extends { name: string; address: string }>(
  list: T[],
  raw: string[] | undefined,
): T[] {
  if (!raw || !list.some((a) => a.name.includes('\ufffd'))) return list;
  const names = addressNames(raw.join(', '));
  return list.map((a) => {
    const own = names.get(a.address.toLowerCase());
    return own !== undefined && replacements(own) < replacements(a.name) ? { ...a, name: own } : a;
  });
}
