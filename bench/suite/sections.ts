/** The suite's sections, in the order they run: the quiet API figures first, the load last. */
import type { Section } from './context.ts';

export const sections: Record<string, Section> = {};
