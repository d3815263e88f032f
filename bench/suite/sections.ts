/** The suite's sections, in the order they run: the quiet API figures first, the load last. */
import { measureApiList } from './api-list.ts';
import { measureApiRead } from './api-read.ts';
import { measureApiSearch } from './api-search.ts';
import { measureBrowser } from './browser.ts';
import { measureBundle } from './bundle.ts';
import type { Section } from './context.ts';
import { measureLoad } from './load.ts';
import { measurePush } from './push.ts';

export const sections: Record<string, Section> = {
  list: measureApiList,
  read: measureApiRead,
  search: measureApiSearch,
  push: measurePush,
  browser: measureBrowser,
  bundle: measureBundle,
  load: measureLoad,
};
