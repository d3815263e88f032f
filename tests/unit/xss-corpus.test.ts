/**
 * The sanitizer against hostile HTML nobody here wrote (../shared/corpus/xss): DOMPurify's and
 * the HTML5 Security Cheatsheet's vectors, HTTPLeaks' catalogue of ways HTML makes requests and
 * MimeKit's tokenizer cases. The static half of the rule; tests/e2e/xss-corpus.spec.ts renders
 * the same vectors in Chromium.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from '@/lib/mime/sanitize';
import { corpusSkipReason, hasCorpus, xssVectors } from '../support/corpus.ts';
import { remoteReferences, unsafeMarkup } from '../support/html-safety.ts';

const options = {
  cidUrl: (cid: string) => (cid ? '/api/folders/INBOX/messages/7/parts/2?inline=1' : undefined),
  partPrefix: '/api/folders/INBOX/messages/7/parts/',
};

describe.skipIf(!hasCorpus)('the XSS corpus through the sanitizer', () => {
  it('leaves nothing that runs, loads or navigates, and sanitizing again changes nothing', () => {
    const vectors = xssVectors();
    const violations: string[] = [];
    for (const { name, html } of vectors) {
      const once = sanitizeHtml(html, options).html;
      for (const problem of [...unsafeMarkup(once), ...remoteReferences(once)])
        violations.push(`${name}: ${problem}`);
      if (sanitizeHtml(once, options).html !== once) violations.push(`${name}: not idempotent`);
    }
    console.log(`xss corpus (static): ${vectors.length} vectors, ${violations.length} violations`);
    expect(violations).toEqual([]);
  });
});

if (!hasCorpus) console.warn(`xss-corpus: skipped, ${corpusSkipReason}`);
