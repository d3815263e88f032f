/** How often each MIME shape and kind of mail occurs (data only). */
import type { Category } from './categories.ts';
import type { Weighted } from './random.ts';
import { weighted } from './random.ts';

export type Structure = 'plain' | 'html' | 'alternative' | 'mixed' | 'related';

export const NEW_STRUCTURES = weighted<Structure>([
  ['plain', 23],
  ['html', 16],
  ['alternative', 24],
  ['mixed', 20],
  ['related', 5],
]);
export const REPLY_STRUCTURES = weighted<Structure>([
  ['plain', 50],
  ['alternative', 42],
  ['mixed', 8],
]);
export const FOREIGN_STRUCTURES = weighted<Structure>([
  ['plain', 65],
  ['alternative', 35],
]);

/** Which kinds of mail plausibly come in each MIME shape. */
export const CATEGORY_BY_STRUCTURE: Readonly<Record<Structure, Weighted<Category>>> = {
  plain: weighted<Category>([
    ['personal', 30],
    ['meeting', 20],
    ['project', 25],
    ['notification', 15],
    ['travel', 5],
    ['invoice', 5],
  ]),
  html: weighted<Category>([
    ['newsletter', 50],
    ['notification', 20],
    ['invoice', 15],
    ['travel', 15],
  ]),
  alternative: weighted<Category>([
    ['newsletter', 20],
    ['personal', 15],
    ['meeting', 15],
    ['project', 20],
    ['notification', 10],
    ['invoice', 10],
    ['travel', 10],
  ]),
  mixed: weighted<Category>([
    ['invoice', 30],
    ['meeting', 20],
    ['project', 25],
    ['personal', 20],
    ['travel', 5],
  ]),
  related: weighted<Category>([
    ['newsletter', 50],
    ['personal', 25],
    ['invoice', 25],
  ]),
};

/** What the owner sends: conversations and the odd invoice, never newsletters. */
export const OWNER_CATEGORIES = weighted<Category>([
  ['personal', 35],
  ['meeting', 25],
  ['project', 30],
  ['invoice', 10],
]);
