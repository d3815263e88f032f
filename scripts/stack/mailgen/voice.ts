/** The language and charset a message is written in. */
import type { Charset } from './encoding.ts';
import type { LangCode } from './languages.ts';
import { FOREIGN_LANGS, LANG_PACKS } from './languages.ts';
import type { Rng } from './random.ts';
import { pick } from './random.ts';

export interface Voice {
  readonly lang: LangCode;
  readonly charset: Charset;
}

export function pickVoice(rng: Rng): Voice {
  const r = rng();
  if (r < 0.07) {
    const lang = pick(rng, FOREIGN_LANGS);
    return { lang, charset: LANG_PACKS[lang].charset };
  }
  if (r < 0.1) return { lang: pick(rng, FOREIGN_LANGS), charset: 'UTF-8' };
  return { lang: 'en', charset: 'UTF-8' };
}
