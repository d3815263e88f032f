/**
 * A parsed search as imapflow's search object: imapflow compiles it into SEARCH arguments
 * (quoting, literals, CHARSET UTF-8 for non-ASCII text), so nothing the user typed is ever
 * pasted into a command.
 */
import 'server-only';
import type { SearchObject } from '../../imap/client';
import type { SearchTerm } from '../../shared/search-query';

/**
 * IMAP has no "has attachments" search; a multipart/mixed message almost always has one. Search
 * asks Dovecot by structure instead (lib/imap/sort.ts); this is for other servers and tests.
 */
export const attachmentCriterion: SearchObject = { header: { 'content-type': 'multipart/mixed' } };

/** All the terms together (AND); no terms match every message. */
export function searchCriteria(terms: SearchTerm[]): SearchObject {
  return conjunction(terms.map(termCriteria));
}

/**
 * Terms a server's full-text index may answer: text, header and body criteria. Tern searches
 * for their negation itself (the folder's matches without the term's), because Debian's
 * dovecot-fts-xapian 1.5 answers any NOT of them with no messages at all: its NOT query is one
 * Xapian refuses, and the search comes back empty rather than failed.
 */
export function negatedByTern(term: SearchTerm): boolean {
  // has: is answered apart, from the message structure (PlannedSearch.attachment).
  return term.negated && (term.kind === 'text' || term.kind === 'field');
}

export function termCriteria(term: SearchTerm): SearchObject {
  const positive = positiveCriteria(term);
  return term.negated ? { not: positive } : positive;
}

function positiveCriteria(term: SearchTerm): SearchObject {
  switch (term.kind) {
    case 'text':
      // The default fields, as the issue names them: From, To/Cc, Subject and body (not TEXT,
      // which also matches Received, Message-ID and every other header).
      return {
        or: [
          { from: term.value },
          { to: term.value },
          { cc: term.value },
          { subject: term.value },
          { body: term.value },
        ],
      };
    case 'field':
      if (term.field === 'to') return { or: [{ to: term.value }, { cc: term.value }] };
      return { [term.field]: term.value };
    case 'has':
      return attachmentCriterion;
    case 'is':
      if (term.state === 'unread') return { seen: false };
      if (term.state === 'read') return { seen: true };
      return { [term.state]: true };
    case 'date':
      // after:D includes day D, before:D does not (the day at UTC midnight, like Gmail's).
      return term.op === 'after' ? { since: new Date(term.date) } : { before: new Date(term.date) };
    case 'size':
      return { [term.op]: term.bytes };
  }
}

/**
 * A search object ANDs its keys, but holds each key once: terms whose keys do not clash merge
 * into one object; when two clash (two words of free text, two from: terms), the whole is
 * written as NOT (NOT a OR NOT b …), which is the same set.
 */
export function conjunction(parts: SearchObject[]): SearchObject {
  if (parts.length === 0) return { all: true };
  if (parts.length === 1) return parts[0]!;
  const merged: SearchObject = {};
  for (const part of parts) {
    for (const key of Object.keys(part) as Array<keyof SearchObject>) {
      if (key in merged) return { not: { or: parts.map((p) => ({ not: p })) } };
      Object.assign(merged, { [key]: part[key] });
    }
  }
  return merged;
}
