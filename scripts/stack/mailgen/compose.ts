/** Composes one complete message: its shape, parties, content, headers and body. */
import type { GeneratedMessage } from './api.ts';
import { buildBody } from './body.ts';
import type { Category } from './categories.ts';
import { CATEGORIES, isService } from './categories.ts';
import { englishContent, foreignContent } from './content.ts';
import { formatDate } from './dates.ts';
import { CRLF, fold } from './encoding.ts';
import { computeFlags } from './flags.ts';
import { MAILERS, listHeaders, messageId, receivedHeader, subjectHeader } from './headers.ts';
import { LANG_PACKS } from './languages.ts';
import { boundaryStyle } from './mime.ts';
import { inboxParties, ownerParties } from './parties.ts';
import { addressHeader } from './people.ts';
import { renderOwnText, withQuote } from './plain-text.ts';
import { chance, pick, pickWeighted, randomHex } from './random.ts';
import type { Run } from './run.ts';
import { makeScene } from './scene.ts';
import {
  CATEGORY_BY_STRUCTURE,
  FOREIGN_STRUCTURES,
  NEW_STRUCTURES,
  OWNER_CATEGORIES,
  REPLY_STRUCTURES,
} from './structures.ts';
import { fillRandom } from './templates.ts';
import { attribution, recordConversation, takeThread } from './threads.ts';
import { pickVoice } from './voice.ts';

export function composeMessage(run: Run, index: number): GeneratedMessage {
  const { rng, mode, owner } = run;
  const time = run.times[index] ?? run.endMs;
  const thread = takeThread(run, time);
  const isReply = thread !== null;
  const voice = thread?.voice ?? pickVoice(rng);
  const foreign = voice.lang === 'en' ? null : LANG_PACKS[voice.lang];
  const structure = isReply
    ? pickWeighted(rng, REPLY_STRUCTURES)
    : pickWeighted(rng, foreign ? FOREIGN_STRUCTURES : NEW_STRUCTURES);
  const category: Category =
    thread?.category ??
    (foreign
      ? 'personal'
      : pickWeighted(rng, mode === 'inbox' ? CATEGORY_BY_STRUCTURE[structure] : OWNER_CATEGORIES));

  const parties =
    mode === 'inbox'
      ? inboxParties(run, category, voice, thread)
      : ownerParties(run, voice, thread);
  const reader = mode === 'inbox' ? owner.call : (parties.to[0]?.call ?? 'there');
  const scene = makeScene(rng, reader, parties.from.call, parties.from.org);
  const subject =
    thread?.subject ??
    (foreign ? pick(rng, foreign.subjects) : fillRandom(CATEGORIES[category].subjects, scene, rng));

  const content = foreign
    ? foreignContent(rng, foreign, scene)
    : englishContent({ rng, category, scene, isReply, author: parties.from });
  const cjk = foreign?.cjk ?? false;
  const ownLines = renderOwnText(content, cjk);
  if (thread !== null)
    content.quote = {
      attribution: attribution(voice, thread.lastDate, thread.lastAuthor),
      lines: thread.lastLines,
    };
  const textLines = withQuote(ownLines, content.quote);

  const id = messageId(rng, run, index, parties.from.domain);
  const dateHeader = formatDate(time, parties.from.timeZone);
  const body = buildBody({
    rng,
    structure,
    category,
    voice,
    content,
    textLines,
    cjk,
    base64: foreign?.base64 ?? false,
    boundary: boundaryStyle(rng, index, run.tag),
    contentId: `part${index.toString(36)}.${randomHex(rng, 8)}@${parties.from.domain}`,
  });

  const headers: string[] = [];
  if (mode === 'inbox') headers.push(receivedHeader(rng, run, parties.from, time));
  headers.push(addressHeader('From', [parties.from], voice.charset));
  if (parties.to.length > 0) headers.push(addressHeader('To', parties.to, voice.charset));
  if (parties.cc.length > 0) headers.push(addressHeader('Cc', parties.cc, voice.charset));
  headers.push(subjectHeader(run, subject, isReply, voice));
  headers.push(`Date: ${dateHeader}`);
  headers.push(`Message-ID: ${id}`);
  if (thread !== null) {
    headers.push(`In-Reply-To: ${thread.ids[thread.ids.length - 1] ?? ''}`);
    headers.push(fold(`References: ${thread.ids.join(' ')}`));
  }
  if (category === 'newsletter' && !isReply) headers.push(...listHeaders(rng, parties.from, scene));
  if (!isService(category) && chance(rng, 0.6)) headers.push(pick(rng, MAILERS));
  headers.push('MIME-Version: 1.0', body.head);

  recordConversation(run, {
    thread,
    id,
    subject,
    category,
    voice,
    parties,
    dateHeader,
    time,
    ownLines,
  });
  const flags = computeFlags(
    run,
    time,
    thread !== null || run.threads.some((open) => open.ids[0] === id),
  );
  const raw = `${headers.join(CRLF)}${CRLF}${CRLF}${body.body}${CRLF}`;
  return { raw: Buffer.from(raw, 'latin1'), date: new Date(time), flags };
}
