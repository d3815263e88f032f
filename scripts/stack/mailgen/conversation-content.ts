/** Bodies of mail between people: prose, lists, tables and signatures. */
import { CATEGORIES } from './categories.ts';
import type { Block, Content, ContentRequest } from './content-model.ts';
import type { Person } from './people.ts';
import { GREETINGS, SHORT_REPLIES, SIGN_OFFS } from './phrases.ts';
import { TEXT_WIDTH } from './plain-text.ts';
import type { Rng } from './random.ts';
import { between, chance, pick } from './random.ts';
import type { Scene, Template } from './templates.ts';
import { fillFresh, fillRandom } from './templates.ts';
import { COMPANIES, JOB_TITLES } from './words.ts';

/** Target body length in lines: mostly medium, some one-liners, some long. */
function targetLines(rng: Rng): number {
  const r = rng();
  if (r < 0.15) return between(rng, 1, 3);
  if (r < 0.7) return between(rng, 4, 14);
  return between(rng, 15, 36);
}

function prose(rng: Rng, sentences: readonly Template[], scene: Scene, lines: number): Block[] {
  const blocks: Block[] = [];
  const used = new Set<Template>();
  let written = 0;
  do {
    const picked: string[] = [];
    let length = 0;
    const n = between(rng, 1, 4);
    for (let i = 0; i < n; i++) {
      const sentence = fillFresh(sentences, scene, rng, used);
      picked.push(sentence);
      length += sentence.length + 1;
    }
    blocks.push({ kind: 'para', sentences: picked });
    written += Math.ceil(length / TEXT_WIDTH) + 1;
    // Long mails exhaust the distinct sentences; allow reuse rather than loop forever.
    if (used.size >= sentences.length) used.clear();
  } while (written < lines);
  return blocks;
}

function bulletList(rng: Rng, templates: readonly Template[], scene: Scene): Block {
  const items: string[] = [];
  const used = new Set<Template>();
  const n = Math.min(between(rng, 2, 5), templates.length);
  for (let i = 0; i < n; i++) items.push(fillFresh(templates, scene, rng, used));
  return { kind: 'list', items };
}

function signature(rng: Rng, author: Person): string[] {
  return [
    author.name,
    `${pick(rng, JOB_TITLES)}, ${pick(rng, COMPANIES)}`,
    `+1 555 01${between(rng, 10, 99)}`,
  ];
}

export function conversationalContent(request: ContentRequest): Content {
  const { rng, category, scene, isReply, author } = request;
  const spec = CATEGORIES[category];
  if (isReply && chance(rng, 0.3)) {
    const closing = chance(rng, 0.5) ? [scene.author] : [];
    return {
      greeting: null,
      blocks: [{ kind: 'para', sentences: [fillRandom(SHORT_REPLIES, scene, rng)] }],
      closing,
      signature: null,
      quote: null,
    };
  }
  const lines = targetLines(rng);
  const short = lines <= 3;
  const blocks = prose(rng, spec.sentences, scene, lines);
  if (!short && spec.bullets.length > 0 && chance(rng, category === 'personal' ? 0.1 : 0.5)) {
    blocks.splice(Math.min(1, blocks.length), 0, bulletList(rng, spec.bullets, scene));
  }
  if (!short && category === 'project' && chance(rng, 0.2)) {
    blocks.push({
      kind: 'table',
      head: ['Metric', 'Last week', 'This week'],
      rows: [
        ['Open issues', String(between(rng, 10, 90)), String(between(rng, 10, 90))],
        ['Build time', `${between(rng, 8, 20)}m`, `${between(rng, 6, 18)}m`],
        ['Coverage', `${between(rng, 60, 80)}%`, `${between(rng, 60, 85)}%`],
      ],
    });
  }
  if (!short && chance(rng, 0.15)) {
    blocks.push({
      kind: 'link',
      label: 'Details',
      href: `https://example.com/${scene.project.toLowerCase()}/${scene.number}`,
    });
  }
  const greeting = short || chance(rng, 0.15) ? null : fillRandom(GREETINGS, scene, rng);
  const closing = short ? [] : [pick(rng, SIGN_OFFS), scene.author];
  const signed = !short && chance(rng, category === 'personal' ? 0.05 : 0.25);
  return {
    greeting,
    blocks,
    closing,
    signature: signed ? signature(rng, author) : null,
    quote: null,
  };
}
