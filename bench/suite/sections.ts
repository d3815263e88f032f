/** The suite's sections, in the order they run: the quiet API figures first, the load last. */
import { measureBrowser } from './browser.ts';
import { measureBundle } from './bundle.ts';
import type { Section } from './context.ts';

export const sections: Record<string, Section> = {
  browser: measureBrowser,
  bundle: measureBundle,
};
