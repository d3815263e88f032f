/**
 * What the MIME corpus itself says a correct reader shows (see ../shared/corpus/README.md), as
 * checks over the views Tern's message route answered.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { MessageView } from '@/lib/mail/types';
import { corpusRoot } from '../support/corpus.ts';

/** The sets whose decoded headers must hold no leftover encoded word and no U+FFFD. */
const headerSets = [
  /^letters\//,
  /^mikel-mail\/emails\/multi_charset\//,
  /^mail-mime-parser\/emails\/m\d/,
];

/** Header text (and, for these sets, body text) that was not decoded completely. */
export function undecodedText(name: string, view: MessageView): string[] {
  if (!headerSets.some((set) => set.test(name))) return [];
  const fields: Array<[string, string]> = [
    ['Subject', view.subject],
    ...(['from', 'sender', 'replyTo', 'to', 'cc', 'bcc'] as const).flatMap((field) =>
      view[field].map((a): [string, string] => [field, a.name]),
    ),
    ...view.attachments.map((a): [string, string] => ['filename', a.filename]),
    ['text', view.text ?? ''],
  ];
  return fields
    .filter(
      ([field, value]) =>
        value.includes('\ufffd') || (field !== 'text' && /=\?[^?\s]+\?[bq]\?/i.test(value)),
    )
    .map(([field, value]) => `${name}: ${field} ${JSON.stringify(value.slice(0, 80))}`);
}

/**
 * mail-mime-parser's oracle: an attachment named like a file in _attachments/ decodes to exactly
 * its bytes. Two differ by the corpus's own account, for reasons outside decoding.
 */
export const attachmentsDir = path.join(corpusRoot, 'mime/mail-mime-parser/_attachments');
/**
 * The corpus's 69 MIME attachments, and the three files m0018.txt uuencodes into its text,
 * which Tern's own parser lists too (lib/mail/parsed.ts).
 */
export const attachmentOracleSize = 69 + 3;
export const knownDifferences: Record<string, string> = {
  // The last line break before a boundary belongs to the boundary (RFC 2046), and the original
  // file ends with one.
  'mail-mime-parser/emails/m0022.txt aaa.txt': 'the trailing CRLF belongs to the boundary',
};

/** Also compared: the original file stored under an ASCII name (the corpus keeps it so). */
const renamed: Record<string, string> = { 'HasenundFrösche.txt': 'HasenundFrosche.txt' };
Object.assign(knownDifferences, {
  // BinHex is decoded, but the file is the Mac's: CR line ends, Mac Roman letters.
  'mail-mime-parser/emails/m2011.txt HasenundFrosche.txt': 'a BinHex text file is a Mac one',
  // PINE encoded the file's CR LF line ends as CR CR LF.
  'mail-mime-parser/emails/m3004.txt HasenundFrosche.txt': 'PINE sent CR CR LF line ends',
});

/**
 * The original file an attachment should equal, if any (a Windows mailer's path such as
 * `C:\TEMP\nsmail39.png` left out), and whether it is the corpus's by-name oracle.
 */
export function originalOf(filename: string): { file: string; byName: boolean } | undefined {
  const files = new Set(readdirSync(attachmentsDir));
  const name = filename.split(/[\\/]/).at(-1) ?? filename;
  if (files.has(name)) return { file: name, byName: true };
  const other = renamed[name];
  return other && files.has(other) ? { file: other, byName: false } : undefined;
}

const letterName =
  /^letters\/test_([a-z]+)_(plaintext|multipart_(?:mixed|related|signed))_(.+)_over_(.+)\.txt$/;

export interface LetterGroup {
  language: string;
  variants: Array<{ name: string; view: MessageView }>;
}

/** letters/ messages by language: the same text in every charset, transfer encoding and structure. */
export function letterGroups(views: Map<string, MessageView>): LetterGroup[] {
  const groups = new Map<string, LetterGroup>();
  for (const [name, view] of views) {
    const language = letterName.exec(name)?.[1];
    if (!language) continue;
    const group = groups.get(language) ?? { language, variants: [] };
    group.variants.push({ name, view });
    groups.set(language, group);
  }
  return [...groups.values()];
}

/** The Subject without the structure's word: "📧 Signed Test X" and "📧 Test X" say the same. */
export const letterSubject = (subject: string) => subject.replace(/^📧 Signed Test /, '📧 Test ');

/** Body text compared across variants: line ends and runs of white space do not count. */
export const letterText = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Parts the corpus README says must be listed as attachments, never dropped. */
const keptTypes = ['message/rfc822', 'application/ms-tnef', 'text/calendar', 'message/partial'];

/** Kept types the raw message has but the view does not list (inside an attached message counts). */
export function droppedParts(name: string, raw: Buffer, view: MessageView): string[] {
  if (view.tooComplex) return [];
  const source = raw.toString('latin1');
  const listed = new Set(view.attachments.map((a) => a.contentType));
  return keptTypes
    .filter((type) => new RegExp(`^content-type:[ \\t]*"?${type}`, 'im').test(source))
    .filter((type) => !listed.has(type) && !listed.has('message/rfc822'))
    .map((type) => `${name}: its ${type} part is not listed`);
}
