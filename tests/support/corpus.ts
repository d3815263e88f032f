/**
 * The shared test corpus (real-world MIME messages and hostile HTML that nobody on the team
 * wrote) lives beside the checkout in ../shared/corpus. A user's clone has no ../shared, so every
 * test using it skips when it is absent; corpusSkipReason says why.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/stack/options.ts';

/** TERN_TEST_CORPUS points elsewhere (a path that does not exist shows the tests skipping). */
export const corpusRoot = path.resolve(
  repoRoot,
  process.env.TERN_TEST_CORPUS ?? '../shared/corpus',
);
export const hasCorpus = existsSync(path.join(corpusRoot, 'mime'));
export const corpusSkipReason = `the shared test corpus is not at ${corpusRoot} (only team machines have ../shared)`;

/** Every regular file under a folder, as paths relative to it, sorted. */
export function filesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(folder, relative)).sort()) {
      const child = path.join(relative, name);
      if (statSync(path.join(folder, child)).isDirectory()) walk(child);
      else found.push(child);
    }
  };
  walk('');
  return found;
}

export interface CorpusMessage {
  /** The file's path under mime/, with `#n` for the n-th message of an mbox file. */
  name: string;
  raw: Buffer;
}

/**
 * Every message of corpus/mime, as the corpus README defines them: each regular file is one
 * message, except companion files (a path segment starting with `_`) and mbox files, which are
 * split on their `From ` lines (honouring Content-Length where a message has one).
 */
export function mimeMessages(): CorpusMessage[] {
  const root = path.join(corpusRoot, 'mime');
  const messages: CorpusMessage[] = [];
  for (const name of filesUnder(root)) {
    if (name.split(path.sep).some((segment) => segment.startsWith('_'))) continue;
    const raw = readFileSync(path.join(root, name));
    if (name.endsWith('.mbox.txt'))
      splitMbox(raw).forEach((message, i) =>
        messages.push({ name: `${name}#${i + 1}`, raw: message }),
      );
    else messages.push({ name, raw });
  }
  return messages;
}

/** An mbox file's messages, without their `From ` separator lines. */
export function splitMbox(mbox: Buffer): Buffer[] {
  const text = mbox.toString('latin1'); // one character per byte, so indexes are byte offsets
  const messages: Buffer[] = [];
  let at = text.startsWith('\xef\xbb\xbfFrom ') ? 3 : 0; // a UTF-8 byte order mark
  while (at < text.length) {
    const start = text.indexOf('\n', at) + 1 || text.length;
    let end = nextSeparator(text, start);
    const blank = /\r?\n\r?\n/.exec(text.slice(start, end));
    const length =
      blank && /^content-length:\s*(\d+)\s*$/im.exec(text.slice(start, start + blank.index));
    if (blank && length) {
      // Content-Length counts the body: a `From ` line inside it is not a separator.
      const byLength = start + blank.index + blank[0].length + Number(length[1]);
      const after = /^(\r?\n)*/.exec(text.slice(byLength))![0].length;
      if (
        byLength <= text.length &&
        (byLength + after === text.length || text.startsWith('From ', byLength + after))
      )
        end = byLength + after;
    }
    messages.push(mbox.subarray(start, end));
    at = end;
  }
  return messages.filter((m) => m.toString('latin1').trim() !== '');
}

/** The start of the next `From ` line, or the end. */
function nextSeparator(text: string, from: number): number {
  const match = /\n(?=From )/g;
  match.lastIndex = from;
  const found = match.exec(text);
  return found ? found.index + found[0].length : text.length;
}

export interface XssVector {
  /** Where it comes from: `dompurify/vectors.json#12`, `httpleaks/leak.html`. */
  name: string;
  html: string;
}

/** Every hostile HTML sample of corpus/xss: each vectors.json entry and each raw .html file. */
export function xssVectors(): XssVector[] {
  const root = path.join(corpusRoot, 'xss');
  const vectors: XssVector[] = [];
  for (const name of filesUnder(root)) {
    const file = path.join(root, name);
    if (path.basename(name) === 'vectors.json') {
      const list = JSON.parse(readFileSync(file, 'utf8')) as string[];
      list.forEach((html, i) => vectors.push({ name: `${name}#${i}`, html }));
    } else if (name.endsWith('.html')) vectors.push({ name, html: readFileSync(file, 'utf8') });
  }
  return vectors;
}
