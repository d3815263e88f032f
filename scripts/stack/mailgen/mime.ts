/** MIME building blocks: text parts, multiparts, boundaries and inline images. */
import type { Charset } from './encoding.ts';
import { CRLF, base64Lines, encodeCharset, encodeQuotedPrintable, isAscii } from './encoding.ts';
import type { Rng } from './random.ts';
import { between, chance, randomHex } from './random.ts';
import type { Voice } from './voice.ts';

export interface MimePart {
  readonly head: string;
  readonly body: string;
}

function charsetLabel(rng: Rng, charset: Charset): string {
  if (charset !== 'UTF-8') return `"${charset}"`;
  return chance(rng, 0.5) ? 'utf-8' : '"UTF-8"';
}

export function textPart(
  rng: Rng,
  lines: readonly string[],
  subtype: 'plain' | 'html',
  voice: Voice,
  base64: boolean,
): MimePart {
  const contentType = `Content-Type: text/${subtype}; charset=${charsetLabel(rng, voice.charset)}`;
  if (voice.charset === 'UTF-8' && subtype === 'plain') {
    const text = lines.join(CRLF);
    if (isAscii(text))
      return { head: `${contentType}${CRLF}Content-Transfer-Encoding: 7bit`, body: text };
  }
  if (base64) {
    return {
      head: `${contentType}${CRLF}Content-Transfer-Encoding: base64`,
      body: base64Lines(encodeCharset(lines.join(CRLF), voice.charset)),
    };
  }
  return {
    head: `${contentType}${CRLF}Content-Transfer-Encoding: quoted-printable`,
    body: encodeQuotedPrintable(encodeCharset(lines.join('\n'), voice.charset)),
  };
}

export function multipart(
  subtype: string,
  boundary: string,
  parts: readonly MimePart[],
  preamble: boolean,
): MimePart {
  const pieces: string[] = preamble ? ['This is a multi-part message in MIME format.', ''] : [];
  for (const part of parts) pieces.push(`--${boundary}`, part.head, '', part.body);
  pieces.push(`--${boundary}--`);
  return {
    head: `Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"`,
    body: pieces.join(CRLF),
  };
}

export type BoundaryStyle = (level: number) => string;

/** Boundaries imitate common clients; index and nesting level keep them unique. */
export function boundaryStyle(rng: Rng, index: number, tag: string): BoundaryStyle {
  const random = randomHex(rng, 12);
  const id = index.toString(36);
  switch (between(rng, 0, 3)) {
    case 0:
      return (level) => `----=_Part_${level}_${id}.${tag}${random}`;
    case 1:
      return (level) => `0000000000${level}${random}${id}`;
    case 2:
      return (level) => `Apple-Mail=_${random.toUpperCase()}-${id}-${level}`;
    default:
      return (level) => `b${level}_${tag}${id}${random}`;
  }
}

export function inlineImagePart(contentId: string, filename: string, body: string): MimePart {
  return {
    head: [
      `Content-Type: image/png; name="${filename}"`,
      'Content-Transfer-Encoding: base64',
      `Content-ID: <${contentId}>`,
      `Content-Disposition: inline; filename="${filename}"`,
    ].join(CRLF),
    body,
  };
}
