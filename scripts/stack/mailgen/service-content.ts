/** Bodies of automated mail: newsletters, invoices, notifications and travel bookings. */
import { CATEGORIES } from './categories.ts';
import type { Block, Content, ContentRequest } from './content-model.ts';
import { HEADLINES, NEWSLETTER_GREETINGS, SERVICE_GREETINGS } from './phrases.ts';
import type { Rng } from './random.ts';
import { between, chance, pick } from './random.ts';
import type { Scene, Template } from './templates.ts';
import { fillFresh, fillRandom } from './templates.ts';
import { CITIES, CURRENCIES, LINE_ITEMS, TIMES, WEEKDAYS } from './words.ts';

function distinctSentences(
  rng: Rng,
  templates: readonly Template[],
  scene: Scene,
  count: number,
): string[] {
  const used = new Set<Template>();
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) sentences.push(fillFresh(templates, scene, rng, used));
  return sentences;
}

function money(rng: Rng, currency: string, min: number, max: number): [number, string] {
  const cents = between(rng, min * 100, max * 100);
  return [cents, `${currency}${(cents / 100).toFixed(2)}`];
}

export function newsletterContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.newsletter;
  const blocks: Block[] = [];
  if (chance(rng, 0.6)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/newsletters/${scene.number}/hero.jpg`,
      alt: scene.headline,
      width: 600,
      height: 200,
    });
  }
  blocks.push({ kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] });
  const articles = between(rng, 2, 4);
  for (let i = 0; i < articles; i++) {
    const headline = i === 0 ? scene.headline : fillRandom(HEADLINES, scene, rng);
    blocks.push({ kind: 'heading', text: headline });
    blocks.push({ kind: 'para', sentences: [fillRandom(spec.bullets, scene, rng)] });
    blocks.push({
      kind: 'link',
      label: 'Read more',
      href: `https://example.com/news/${scene.number}-${i + 1}`,
    });
  }
  blocks.push({
    kind: 'para',
    sentences: [`You are receiving this because you subscribed to ${scene.company} updates.`],
  });
  blocks.push({
    kind: 'link',
    label: 'Unsubscribe',
    href: `https://example.com/unsubscribe?list=${scene.number}`,
  });
  if (chance(rng, 0.25)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/t/${scene.number}.gif`,
      alt: '',
      width: 1,
      height: 1,
    });
  }
  const greeting = chance(rng, 0.5) ? fillRandom(NEWSLETTER_GREETINGS, scene, rng) : null;
  return { greeting, blocks, closing: [`The ${scene.company} team`], signature: null, quote: null };
}

export function invoiceContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.invoice;
  const currency = pick(rng, CURRENCIES);
  const blocks: Block[] = [];
  if (chance(rng, 0.3)) {
    blocks.push({
      kind: 'image',
      src: `https://images.example.com/logos/${scene.company.replaceAll(' ', '-').toLowerCase()}.png`,
      alt: scene.company,
      width: 120,
      height: 40,
    });
  }
  blocks.push({ kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) });
  const rows: string[][] = [];
  let total = 0;
  const items = between(rng, 1, 4);
  for (let i = 0; i < items; i++) {
    const [cents, label] = money(rng, currency, 5, 900);
    total += cents;
    rows.push([pick(rng, LINE_ITEMS), String(between(rng, 1, 5)), label]);
  }
  rows.push(['Total', '', `${currency}${(total / 100).toFixed(2)}`]);
  blocks.push({ kind: 'table', head: ['Item', 'Qty', 'Amount'], rows });
  blocks.push({ kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] });
  blocks.push({
    kind: 'link',
    label: 'View invoice',
    href: `https://example.com/billing/invoices/${scene.number}`,
  });
  return {
    greeting: fillRandom(SERVICE_GREETINGS, scene, rng),
    blocks,
    closing: ['Thanks,', `${scene.company} Billing`],
    signature: null,
    quote: null,
  };
}

export function notificationContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.notification;
  const blocks: Block[] = [
    { kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) },
  ];
  blocks.push({
    kind: 'link',
    label: 'Open',
    href: `https://example.com/account/activity/${scene.number}`,
  });
  blocks.push({
    kind: 'para',
    sentences: ['This is an automated message; replies are not monitored.'],
  });
  const greeting = chance(rng, 0.5) ? fillRandom(SERVICE_GREETINGS, scene, rng) : null;
  return { greeting, blocks, closing: [], signature: null, quote: null };
}

export function travelContent(request: ContentRequest): Content {
  const { rng, scene } = request;
  const spec = CATEGORIES.travel;
  const legs = between(rng, 1, 2);
  const rows: string[][] = [];
  for (let i = 0; i < legs; i++) {
    rows.push([
      `EX ${between(rng, 100, 999)}`,
      pick(rng, CITIES),
      i === 0 ? scene.city : pick(rng, CITIES),
      `${pick(rng, WEEKDAYS)} ${pick(rng, TIMES)}`,
    ]);
  }
  const blocks: Block[] = [
    { kind: 'para', sentences: distinctSentences(rng, spec.sentences, scene, 2) },
    { kind: 'table', head: ['Flight', 'From', 'To', 'Departs'], rows },
    { kind: 'para', sentences: [fillRandom(spec.sentences, scene, rng)] },
    { kind: 'link', label: 'Manage booking', href: `https://example.com/trips/${scene.number}` },
  ];
  return {
    greeting: fillRandom(SERVICE_GREETINGS, scene, rng),
    blocks,
    closing: ['Safe travels,', scene.company],
    signature: null,
    quote: null,
  };
}
