/** What a body says, independent of how it is rendered (plain text or HTML). */
import type { Category } from './categories.ts';
import type { Person } from './people.ts';
import type { Rng } from './random.ts';
import type { Scene } from './templates.ts';

export type Block =
  | { readonly kind: 'para'; readonly sentences: readonly string[] }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | {
      readonly kind: 'table';
      readonly head: readonly string[];
      readonly rows: readonly (readonly string[])[];
    }
  | { readonly kind: 'link'; readonly label: string; readonly href: string }
  | { readonly kind: 'heading'; readonly text: string }
  /** HTML only: remote or cid: image. */
  | {
      readonly kind: 'image';
      readonly src: string;
      readonly alt: string;
      readonly width: number;
      readonly height: number;
    };

export interface Quote {
  readonly attribution: string;
  readonly lines: readonly string[];
}

export interface Content {
  greeting: string | null;
  blocks: Block[];
  closing: string[];
  signature: string[] | null;
  quote: Quote | null;
}

export interface ContentRequest {
  readonly rng: Rng;
  readonly category: Category;
  readonly scene: Scene;
  readonly isReply: boolean;
  readonly author: Person;
}
