/**
 * API figures of search in the 100,000-message folder: GET /api/search (first page of 50) for
 * a term searched for the first time by that server, against raw imapflow's UID SEARCH plus the
 * FETCH of the same 50 rows on one persistent connection, alternately; subject and body (the
 * body through Dovecot's full-text index). Each side checks the other found as many.
 */
import { bodyTerms, subjectTerms } from '../search-terms.ts';
import type { SearchObject } from '../reference/raw-ops.ts';
import { withServerAndFloor, timed } from './api-client.ts';
import type { Section } from './context.ts';
import { stat, type Figure } from './figure.ts';
import { bigFolderName } from './stack.ts';

const limit = 50;
const kinds: Array<{
  name: string;
  terms: string[];
  query: (term: string) => string;
  criteria: (term: string) => SearchObject;
}> = [
  {
    name: 'subject',
    terms: subjectTerms,
    query: (term) => `subject:${term}`,
    criteria: (term) => ({ subject: term }),
  },
  {
    name: 'body',
    terms: bodyTerms,
    query: (term) => `body:${term}`,
    criteria: (term) => ({ body: term }),
  },
];

export const measureApiSearch: Section = (context) =>
  withServerAndFloor(context, 3, async (server, floor) => {
    const search = (q: string) =>
      server.get<{ total: number }>(
        `/api/search?${new URLSearchParams({ q, folder: bigFolderName, offset: '0', limit: String(limit) }).toString()}`,
      );
    // Warm up: code, connection, Dovecot's header cache of the field, on a term nobody measures.
    for (const kind of kinds) {
      await search(kind.query('zzwarmup'));
      await floor.searchFirstPage(bigFolderName, kind.criteria('zzwarmup'), limit);
    }
    const figures: Figure[] = [];
    for (const kind of kinds) {
      const tern: number[] = [];
      const raw: number[] = [];
      for (const term of kind.terms) {
        const { ms, body } = await search(kind.query(term));
        tern.push(ms);
        let matches = 0;
        raw.push(
          await timed(async () => {
            matches = await floor.searchFirstPage(bigFolderName, kind.criteria(term), limit);
          }),
        );
        if (body.total !== matches)
          throw new Error(`${kind.query(term)}: Tern found ${body.total}, raw ${matches}`);
      }
      figures.push({
        section: 'API',
        name: `${kind.name} search, first page (${kind.terms.length} terms)`,
        unit: 'ms',
        tern: stat(tern),
        floor: stat(raw),
        floorName: 'UID SEARCH + FETCH',
      });
    }
    return figures;
  });
