/**
 * Plain text → the one line a message list shows: what the sender wrote this time, not what they
 * quoted, forwarded or always sign with.
 */
import 'server-only';

export const previewLength = 200;

/** "On Tue, 3 Mar 2026 at 10:00, Ann <ann@example.com> wrote:" and the like, in a few languages. */
const attribution = [
  /^on\b.{0,300}\bwrote:?$/i,
  /^am\b.{0,300}\bschrieb\b.{0,300}:$/i,
  /^le\b.{0,300}\ba écrit ?:$/i,
  /^el\b.{0,300}\bescribió:?$/i,
];
const originalMessage = /^-{2,}\s*original message\s*-{2,}$/i;
/** Usenet's signature separator (RFC 3676 4.3); many clients drop its trailing space. */
const signature = /^--\s*$/;
/** Underlines of plain-text headings and table rules: "-------", "=== ===". */
const rule = /^[-=_*~+#|\s]{3,}$/;
/**
 * Invisible padding newsletters put after their hidden preheader, other zero-width marks, control
 * characters and the odd replacement character.
 */
const invisible =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/**
 * The first `previewLength` characters a reader would see: the new text of a reply (above or
 * between the quotes), without quoted lines, the line introducing them, a forwarded original,
 * the signature or decorative rules, with whitespace collapsed.
 */
export function snippet(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.replace(invisible, '').trim());
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (signature.test(line) || originalMessage.test(line)) break;
    if (line.startsWith('>') || rule.test(line)) continue;
    const introduction = introductionLength(lines, index);
    if (introduction > 0) index += introduction - 1;
    else kept.push(line);
  }
  return cut(kept.join(' ').replace(/\s+/g, ' ').trim(), previewLength);
}

/**
 * How many lines (0, 1 or 2) at `index` introduce a quote: a known attribution, possibly wrapped
 * onto a second line, or any line ending in a colon right before quoted lines
 * ("2026/03/03 10:00、鈴木 花子 さんは書きました:").
 */
function introductionLength(lines: string[], index: number): number {
  const line = lines[index] ?? '';
  const known = (text: string) => attribution.some((pattern) => pattern.test(text));
  if (known(line) && quoteFollows(lines, index + 1, true)) return 1;
  if (/[:：]$/.test(line) && quoteFollows(lines, index + 1, false)) return 1;
  if (known(`${line} ${lines[index + 1] ?? ''}`) && quoteFollows(lines, index + 2, true)) return 2;
  return 0;
}

/** Quoted lines follow after any blank ones; or, when `orEnd`, nothing does (the prefix ended). */
function quoteFollows(lines: string[], from: number, orEnd: boolean): boolean {
  const next = lines.slice(from).find((line) => line !== '');
  return next === undefined ? orEnd : next.startsWith('>');
}

/** At most `max` characters, ending at a word boundary when one is near, never mid-surrogate. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  return space > head.length - 30 ? head.slice(0, space) : head;
}
