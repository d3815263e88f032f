/** Assembles a message body in its MIME structure, with attachments and inline images. */
import type { Attachment } from './attachments.ts';
import { fixtures } from './attachments.ts';
import type { Category } from './categories.ts';
import { CATEGORIES } from './categories.ts';
import type { Block, Content } from './content-model.ts';
import { renderHtml } from './html.ts';
import type { BoundaryStyle, MimePart } from './mime.ts';
import { inlineImagePart, multipart, textPart } from './mime.ts';
import type { Rng } from './random.ts';
import { chance, pick } from './random.ts';
import type { Structure } from './structures.ts';
import type { Voice } from './voice.ts';

function chooseAttachments(rng: Rng, category: Category): Attachment[] {
  const table = fixtures().attachments;
  const r = rng();
  const count = r < 0.7 ? 1 : r < 0.92 ? 2 : 3;
  const chosen: Attachment[] = [];
  for (let i = 0; i < count; i++) {
    const candidate = pick(rng, table[pick(rng, CATEGORIES[category].attachments)]);
    if (!chosen.includes(candidate)) chosen.push(candidate);
  }
  return chosen;
}

interface BodyRequest {
  readonly rng: Rng;
  readonly structure: Structure;
  readonly category: Category;
  readonly voice: Voice;
  readonly content: Content;
  readonly textLines: readonly string[];
  readonly cjk: boolean;
  readonly base64: boolean;
  readonly boundary: BoundaryStyle;
  readonly contentId: string;
}

export function buildBody(request: BodyRequest): MimePart {
  const { rng, structure, voice, content, cjk, base64, boundary } = request;
  const plain = (): MimePart => textPart(rng, request.textLines, 'plain', voice, base64);
  const html = (): MimePart =>
    textPart(rng, renderHtml(content, voice, cjk), 'html', voice, base64);
  const preamble = chance(rng, 0.4);
  switch (structure) {
    case 'plain':
      return plain();
    case 'html':
      return html();
    case 'alternative':
      return multipart('alternative', boundary(1), [plain(), html()], preamble);
    case 'mixed': {
      const main = chance(rng, 0.5)
        ? multipart('alternative', boundary(2), [plain(), html()], false)
        : plain();
      const parts: MimePart[] = [main, ...chooseAttachments(rng, request.category)];
      return multipart('mixed', boundary(1), parts, preamble);
    }
    case 'related': {
      const photo = request.category === 'personal';
      const image: Block = {
        kind: 'image',
        src: `cid:${request.contentId}`,
        alt: photo ? 'Photo' : 'Logo',
        width: photo ? 64 : 32,
        height: photo ? 48 : 32,
      };
      // The logo leads the mail; a shared photo sits after the first paragraph.
      content.blocks.splice(photo ? Math.min(1, content.blocks.length) : 0, 0, image);
      const store = fixtures();
      const inline = photo
        ? inlineImagePart(request.contentId, 'photo.png', store.inlinePhoto)
        : inlineImagePart(request.contentId, 'logo.png', store.inlineLogo);
      const related = multipart('related', boundary(2), [html(), inline], false);
      return chance(rng, 0.7)
        ? multipart('alternative', boundary(1), [plain(), related], preamble)
        : related;
    }
  }
}
