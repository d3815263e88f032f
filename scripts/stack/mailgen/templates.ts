/** Sentence templates with {slots}, compiled once and filled from a per-message scene. */
import type { Rng } from './random.ts';
import { between, pick } from './random.ts';
import { BOOKS, BROWSERS, DISHES, EMOJI, SYSTEMS } from './words.ts';

/** Per-message picks shared by every template, so one message talks about one project. */
export interface Scene {
  project: string;
  topic: string;
  company: string;
  city: string;
  weekday: string;
  month: string;
  time: string;
  number: string;
  headline: string;
  /** Name used to greet the reader. */
  reader: string;
  /** Name the author signs with. */
  author: string;
}

type SlotFill = (scene: Scene, rng: Rng) => string;
export type Template = readonly (string | SlotFill)[];

const SLOTS: Readonly<Record<string, SlotFill>> = {
  project: (scene) => scene.project,
  topic: (scene) => scene.topic,
  company: (scene) => scene.company,
  city: (scene) => scene.city,
  weekday: (scene) => scene.weekday,
  month: (scene) => scene.month,
  time: (scene) => scene.time,
  n: (scene) => scene.number,
  headline: (scene) => scene.headline,
  name: (scene) => scene.reader,
  me: (scene) => scene.author,
  emoji: (_scene, rng) => pick(rng, EMOJI),
  dish: (_scene, rng) => pick(rng, DISHES),
  book: (_scene, rng) => pick(rng, BOOKS),
  browser: (_scene, rng) => pick(rng, BROWSERS),
  os: (_scene, rng) => pick(rng, SYSTEMS),
  count: (_scene, rng) => String(between(rng, 2, 14)),
  percent: (_scene, rng) => `${between(rng, 5, 95)}%`,
  version: (_scene, rng) => `${between(rng, 1, 4)}.${between(rng, 0, 12)}.${between(rng, 0, 9)}`,
};

/** Templates are parsed once at load so filling one is a plain loop. */
function compile(template: string): Template {
  const pieces: (string | SlotFill)[] = [];
  let index = 0;
  for (;;) {
    const open = template.indexOf('{', index);
    if (open < 0) break;
    const close = template.indexOf('}', open);
    const slot = SLOTS[template.slice(open + 1, close)];
    if (close < 0 || slot === undefined) throw new Error(`Bad template: ${template}`);
    if (open > index) pieces.push(template.slice(index, open));
    pieces.push(slot);
    index = close + 1;
  }
  if (index < template.length) pieces.push(template.slice(index));
  return pieces;
}

export function compileAll(templates: readonly string[]): readonly Template[] {
  return templates.map(compile);
}

export function fill(template: Template, scene: Scene, rng: Rng): string {
  let out = '';
  for (const piece of template) out += typeof piece === 'string' ? piece : piece(scene, rng);
  return out;
}

export function fillRandom(templates: readonly Template[], scene: Scene, rng: Rng): string {
  return fill(pick(rng, templates), scene, rng);
}

/** Like fillRandom, but avoids repeating a template already used in this message. */
export function fillFresh(
  templates: readonly Template[],
  scene: Scene,
  rng: Rng,
  used: Set<Template>,
): string {
  let template = pick(rng, templates);
  for (let retry = 0; retry < 4 && used.has(template); retry++) template = pick(rng, templates);
  used.add(template);
  return fill(template, scene, rng);
}
