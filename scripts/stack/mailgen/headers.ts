/** Message headers beyond the addresses: Message-ID, Subject, List-*, Received, mailer. */
import { SECOND_MS, formatDate } from './dates.ts';
import { CRLF, encodeWords, fold, isAscii } from './encoding.ts';
import type { Person } from './people.ts';
import type { Rng } from './random.ts';
import { between, chance, randomHex } from './random.ts';
import type { Run } from './run.ts';
import type { Scene } from './templates.ts';
import type { Voice } from './voice.ts';

export const MAILERS = [
  'User-Agent: Mozilla Thunderbird',
  'X-Mailer: Apple Mail (2.3826.600.51)',
  'X-Mailer: Microsoft Outlook 16.0',
  'User-Agent: Tern/0.1',
] as const;

export function messageId(rng: Rng, run: Run, index: number, domain: string): string {
  const unique = `${index.toString(36)}.${run.tag}`;
  switch (between(rng, 0, 2)) {
    case 0:
      return `<${randomHex(rng, 16)}.${unique}@${domain}>`;
    case 1:
      return `<CA+${randomHex(rng, 10).toUpperCase()}${unique}@mail.${domain}>`;
    default:
      return `<${randomHex(rng, 8)}-${randomHex(rng, 4)}-${unique}@${domain}>`;
  }
}

export function subjectHeader(run: Run, subject: string, isReply: boolean, voice: Voice): string {
  const prefix = isReply ? 'Re: ' : '';
  if (isAscii(subject)) return fold(`Subject: ${prefix}${subject}`);
  let encoded =
    voice.charset === 'UTF-8' ? undefined : run.subjectCache.get(`${voice.charset}|${subject}`);
  if (encoded === undefined) {
    encoded = encodeWords(subject, voice.charset).join(' ');
    if (voice.charset !== 'UTF-8') run.subjectCache.set(`${voice.charset}|${subject}`, encoded);
  }
  return fold(`Subject: ${prefix}${encoded}`);
}

export function listHeaders(rng: Rng, from: Person, scene: Scene): string[] {
  if (!chance(rng, 0.85)) return [];
  const list = from.address.slice(0, from.address.indexOf('@'));
  return [
    `List-Id: ${from.name} <${list}.${from.domain}>`,
    fold(
      `List-Unsubscribe: <https://example.com/unsubscribe?list=${list}&u=${scene.number}>, ` +
        `<mailto:unsubscribe@${from.domain}?subject=unsubscribe>`,
    ),
    'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    'Precedence: bulk',
  ];
}

export function receivedHeader(rng: Rng, run: Run, from: Person, time: number): string {
  const host = from.domain.startsWith('mail.') ? from.domain : `mail.${from.domain}`;
  const ownerDomain = run.owner.domain;
  const arrived = formatDate(time + between(rng, 2, 90) * SECOND_MS, run.owner.timeZone);
  return (
    `Received: from ${host}${CRLF}\t(${host} [192.0.2.${between(rng, 1, 254)}])${CRLF}` +
    `\tby mx.${ownerDomain} with ESMTPS id ${randomHex(rng, 12).toUpperCase()}${CRLF}` +
    `\tfor <${run.owner.address}>; ${arrived}`
  );
}
