/** Draws the per-message scene that all of a message's templates share. */
import { HEADLINES } from './phrases.ts';
import type { Rng } from './random.ts';
import { between, pick } from './random.ts';
import type { Scene } from './templates.ts';
import { fillRandom } from './templates.ts';
import { CITIES, COMPANIES, MONTHS, PROJECTS, TIMES, TOPICS, WEEKDAYS } from './words.ts';

/** `company` pins the organisation when an automated sender writes as itself. */
export function makeScene(rng: Rng, reader: string, author: string, company: string): Scene {
  const scene: Scene = {
    project: pick(rng, PROJECTS),
    topic: pick(rng, TOPICS),
    company: company || pick(rng, COMPANIES),
    city: pick(rng, CITIES),
    weekday: pick(rng, WEEKDAYS),
    month: pick(rng, MONTHS),
    time: pick(rng, TIMES),
    number: String(between(rng, 10000, 99999)),
    headline: '',
    reader,
    author,
  };
  scene.headline = fillRandom(HEADLINES, scene, rng);
  return scene;
}
