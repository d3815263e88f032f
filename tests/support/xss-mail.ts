/**
 * The XSS corpus as mail: vectors as a message's HTML body (alone, or several as the parts of one
 * message), as Subject, names and attachment file names (encoded and raw), and H5SC's hostile
 * files as attachments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { corpusRoot, type XssVector } from './corpus.ts';

export interface XssMessage {
  /** What the message carries, for reports. */
  name: string;
  /** Text the reading pane shows once the message is open (its subject, or its body's text). */
  shows: string;
  raw: Buffer;
  /** Whether a vector is its body. */
  html: boolean;
}

const base64Lines = (bytes: Buffer) => bytes.toString('base64').replace(/.{76}/g, '$&\r\n');

function message(subject: string, headers: string[], body: string[]): Buffer {
  return Buffer.from(
    [
      'From: "XSS corpus" <xss@tern.test>',
      'To: alice@tern.test',
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      `Subject: ${subject}`,
      ...headers,
      '',
      ...body,
      '',
    ].join('\r\n'),
  );
}

function htmlPart(html: string): string[] {
  return [
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(html)),
  ];
}

/** Each vector alone, as the message's whole HTML body. */
export function bodyMessages(vectors: XssVector[]): XssMessage[] {
  return vectors.map(({ name, html }) => {
    const subject = `XSS ${name}`;
    return { name, shows: subject, html: true, raw: message(subject, htmlPart(html), []) };
  });
}

/**
 * Vectors several to a message, each its own text/html part of a multipart/mixed (Tern shows
 * them one after another). A vector that leaves an element open can hide the ones after it,
 * which is why a sample is opened alone too.
 */
export function groupMessages(name: string, vectors: XssVector[], size: number): XssMessage[] {
  const groups: XssMessage[] = [];
  for (let at = 0; at < vectors.length; at += size) {
    const group = vectors.slice(at, at + size);
    const subject = `XSS ${name} ${at + 1}-${at + group.length}`;
    const boundary = 'xss-group-boundary';
    const body = group.flatMap(({ html }) => [`--${boundary}`, ...htmlPart(html)]);
    groups.push({
      name: `${name} #${at}-#${at + group.length - 1} together`,
      shows: subject,
      html: true,
      raw: message(
        subject,
        [`Content-Type: multipart/mixed; boundary="${boundary}"`],
        [...body, `--${boundary}--`],
      ),
    });
  }
  return groups;
}

/** RFC 2047 encoded words of at most 40 characters each, folded. */
function encodedWords(text: string): string {
  const chunks = Array.from(text).reduce<string[]>((all, char, i) => {
    if (i % 40 === 0) all.push('');
    all[all.length - 1] += char;
    return all;
  }, []);
  return chunks.map((c) => `=?UTF-8?B?${Buffer.from(c).toString('base64')}?=`).join('\r\n ');
}

/** RFC 2231: the exact name, percent-encoded. */
const extendedValue = (text: string) =>
  `UTF-8''${encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)}`;

/**
 * Up to four vectors in the headers of one message: the Subject, the sender's, a recipient's and
 * a copy recipient's names, and each as an attachment's file name. `raw` puts them in as they are
 * (single-line ASCII vectors only); otherwise they are RFC 2047 and RFC 2231 encoded.
 */
export function headerMessage(vectors: XssVector[], index: number, raw: boolean): XssMessage {
  const boundary = 'xss-header-boundary';
  const texts = vectors.map((v) => v.html);
  const word = (i: number) => {
    const text = texts[i % texts.length]!;
    return raw ? `"${text.replace(/["\\]/g, '\\$&')}"` : encodedWords(text);
  };
  const marker = `Header sample ${index}${raw ? ' (raw)' : ''}`;
  const attachments = texts.flatMap((text, i) => [
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${raw ? text.replace(/"/g, '') : encodedWords(text)}"`,
    `Content-Disposition: attachment; filename*=${extendedValue(text)}`,
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(`${marker}, file ${i + 1}`).toString('base64'),
  ]);
  return {
    name: `${vectors.map((v) => v.name).join(', ')} as headers${raw ? ', raw' : ''}`,
    shows: marker,
    html: false,
    raw: Buffer.from(
      [
        `From: ${word(1)} <from-${index}@tern.test>`,
        `To: ${word(2)} <alice@tern.test>`,
        `Cc: ${word(3)} <cc-${index}@tern.test>`,
        'Date: Tue, 03 Mar 2026 10:00:00 +0000',
        'MIME-Version: 1.0',
        `Subject: ${raw ? texts[0] : encodedWords(texts[0]!)}`,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        marker,
        ...attachments,
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    ),
  };
}

/** Whether a vector fits in a header as it is: one line of printable ASCII. */
export const fitsRawHeader = (html: string) => /^[\x20-\x7e]{1,900}$/.test(html);

const attachmentTypes: Record<string, string> = {
  css: 'text/css',
  eml: 'message/rfc822',
  gif: 'image/gif',
  html: 'text/html',
  js: 'application/javascript',
  json: 'application/json',
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
  xml: 'text/xml',
  xsl: 'text/xsl',
};

/** H5SC's hostile files (SVG with script, MHTML in a GIF, HTML...) as attachments of one message. */
export function attachmentsMessage(): { message: XssMessage; files: string[] } {
  const dir = path.join(corpusRoot, 'xss/h5sc/attachments');
  const files = readdirSync(dir).sort();
  const boundary = 'xss-attachments-boundary';
  const parts = files.flatMap((file) => {
    const type = attachmentTypes[file.split('.').pop()!] ?? 'application/octet-stream';
    return [
      `--${boundary}`,
      `Content-Type: ${type}; name="${file}"`,
      // Inline on purpose: it must still download, never render on Tern's origin.
      `Content-Disposition: inline; filename="${file}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(readFileSync(path.join(dir, file))),
    ];
  });
  const subject = 'XSS attachments of h5sc';
  return {
    files,
    message: {
      name: 'h5sc/attachments',
      shows: subject,
      html: false,
      raw: message(
        subject,
        [`Content-Type: multipart/mixed; boundary="${boundary}"`],
        [
          `--${boundary}`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Hostile files attached.',
          ...parts,
          `--${boundary}--`,
        ],
      ),
    },
  };
}
