/** Chooses the content builder for a message's language and category. */
import type { Block, Content, ContentRequest } from './content-model.ts';
import { conversationalContent } from './conversation-content.ts';
import type { LangPack } from './languages.ts';
import type { Rng } from './random.ts';
import { between, pick } from './random.ts';
import {
  invoiceContent,
  newsletterContent,
  notificationContent,
  travelContent,
} from './service-content.ts';
import type { Scene } from './templates.ts';
import { fill } from './templates.ts';

export function englishContent(request: ContentRequest): Content {
  switch (request.category) {
    case 'newsletter':
      return newsletterContent(request);
    case 'invoice':
      return invoiceContent(request);
    case 'notification':
      return notificationContent(request);
    case 'travel':
      return travelContent(request);
    default:
      return conversationalContent(request);
  }
}

export function foreignContent(rng: Rng, pack: LangPack, scene: Scene): Content {
  const paragraphs = between(rng, 1, 3);
  const blocks: Block[] = [];
  for (let p = 0; p < paragraphs; p++) {
    const sentences: string[] = [];
    const n = between(rng, 1, 4);
    for (let i = 0; i < n; i++) sentences.push(pick(rng, pack.sentences));
    blocks.push({ kind: 'para', sentences });
  }
  return {
    greeting: fill(pick(rng, pack.greetings), scene, rng),
    blocks,
    closing: [pick(rng, pack.signOffs), scene.author],
    signature: null,
    quote: null,
  };
}
