/** The suite's sections, in the order they run: the quiet API figures first, the load last. */
import type { Section } from './context.ts';
import { measureLoad } from './load.ts';

export const sections: Record<string, Section> = { load: measureLoad };
