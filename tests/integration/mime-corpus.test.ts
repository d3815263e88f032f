/**
 * Conformance with MIME test material nobody here wrote (../shared/corpus/mime): every message is
 * APPENDed to Dovecot and opened through the reading route, which must answer quickly, without
 * throwing, with bounded memory and with HTML that cannot run. The corpus's own oracles then
 * check content: attachments equal to mail-mime-parser's original files, and each letters
 * language reading the same in every charset and transfer encoding.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '@/lib/mail/types';
import { corpusSkipReason, hasCorpus, mimeMessages } from '../support/corpus.ts';
import { remoteReferences, unsafeMarkup } from '../support/html-safety.ts';
import { alice } from '../support/test-stack.ts';
import { closeServices, origin, signInCookie } from './api-session.ts';
import {
  attachmentOracleSize,
  attachmentsDir,
  droppedParts,
  knownDifferences,
  letterGroups,
  letterSubject,
  letterText,
  originalOf,
  undecodedText,
} from './corpus-oracles.ts';
import { appendMessages, readerRoutes, type Appended, type ReaderRoutes } from './reader-routes.ts';

const folder = 'Corpus';
const budgetMs = 2000;
const heapBudget = 200 * 1024 * 1024;

let routes: ReaderRoutes;
let appended: Appended;
let cookie = '';
/** Each message's source, by name. */
const sources = new Map<string, Buffer>();
/** Each message as the route answered it (200s only). */
const views = new Map<string, MessageView>();

if (!hasCorpus) console.warn(`mime-corpus: skipped, ${corpusSkipReason}`);

describe.skipIf(!hasCorpus)('the MIME corpus through the reading routes', () => {
  beforeAll(async () => {
    cookie = await signInCookie(alice, '192.0.2.98');
    routes = await readerRoutes(folder, cookie);
    const account = { sid: 'corpus-test', email: alice.email, password: alice.password };
    const messages = mimeMessages();
    for (const { name, raw } of messages) sources.set(name, raw);
    appended = await appendMessages(account, folder, messages);
  }, 120_000);

  afterAll(closeServices);

  it('opens every message: 200 (or a deliberate 404) within 2 s, bounded memory, no script', async () => {
    const violations: string[] = [];
    const counts = { parsed: 0, notFound: 0, tooComplex: 0, html: 0 };
    const startHeap = process.memoryUsage().heapUsed;
    let peakHeap = startHeap;
    let slowest = { name: '', ms: 0 };
    for (const [name, uid] of appended.uids) {
      const started = performance.now();
      let response: Response;
      try {
        response = await routes.message(uid);
      } catch (error) {
        violations.push(`${name}: threw ${String(error)}`);
        continue;
      }
      const body = await response.text();
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { name, ms };
      if (ms > budgetMs) violations.push(`${name}: took ${Math.round(ms)} ms`);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      if (response.status === 404) {
        counts.notFound++;
        continue;
      }
      if (response.status !== 200) {
        violations.push(`${name}: ${response.status} ${body.slice(0, 200)}`);
        continue;
      }
      const view = JSON.parse(body) as MessageView;
      views.set(name, view);
      counts.parsed++;
      if (view.tooComplex) counts.tooComplex++;
      if (view.html !== null) {
        counts.html++;
        // Nothing runs, and with remote content blocked nothing loads from elsewhere either.
        for (const problem of [...unsafeMarkup(view.html), ...remoteReferences(view.html)])
          violations.push(`${name}: ${problem}`);
      }
    }
    const growth = peakHeap - startHeap;
    console.log(
      `mime corpus: ${appended.uids.size + appended.refused.length} messages, ` +
        `${appended.refused.length} refused by the server, ${counts.parsed} parsed ` +
        `(${counts.html} with HTML), ${counts.tooComplex} too complex, ${counts.notFound} not found; ` +
        `slowest ${slowest.name} ${Math.round(slowest.ms)} ms; heap growth ${Math.round(growth / 1048576)} MB`,
    );
    for (const { name, reason } of appended.refused) console.log(`  refused: ${name}: ${reason}`);
    expect(violations).toEqual([]);
    expect(growth).toBeLessThan(heapBudget);
    expect(counts.parsed).toBeGreaterThan(0);
  }, 240_000);

  it('reads every message the same once the list has shown it (one FETCH, structure kept)', async () => {
    const listRoute = await import('@/app/api/folders/[path]/messages/route');
    const segment = encodeURIComponent(folder);
    for (let offset = 0; offset < appended.uids.size; offset += 200) {
      const response = await listRoute.GET(
        new Request(`${origin}/api/folders/${segment}/messages?offset=${offset}&limit=200`, {
          headers: { cookie },
        }),
        { params: Promise.resolve({ path: segment }) },
      );
      expect(response.status).toBe(200);
    }
    const differing: string[] = [];
    for (const [name, view] of views) {
      const again = await routes.read(appended.uids.get(name)!);
      if (JSON.stringify(again) !== JSON.stringify(view)) differing.push(name);
    }
    expect(differing).toEqual([]);
  }, 240_000);

  it('decodes the header and body text of the charset sets completely', () => {
    const problems = [...views].flatMap(([name, view]) => undecodedText(name, view));
    expect(problems).toEqual([]);
  });

  it('lists attached messages, TNEF, invitations and message fragments as attachments', () => {
    const dropped = [...views].flatMap(([name, view]) =>
      droppedParts(name, sources.get(name)!, view),
    );
    const parsed = [...views].filter(([, view]) =>
      view.attachments.some((a) => a.partId.startsWith('0.')),
    );
    console.log(
      `structure: ${parsed.length} messages with files only Tern's own parser finds: ` +
        parsed.map(([name]) => name).join(', '),
    );
    expect(dropped).toEqual([]);
  });

  it('reads with Tern’s own parser what the server cannot split or decode', async () => {
    const names = (view: MessageView) => view.attachments.map((a) => [a.filename, a.partId]);
    // "multipart/mixed;;": the server sees one part; the parser finds the text and the message.
    const unsplit = views.get('mimekit/mbox/content-length.mbox.txt#1')!;
    expect(unsplit.text?.trim()).toMatch(/^default echo 1\s.*default echo 5$/s);
    expect(unsplit.attachments).toEqual([
      expect.objectContaining({ partId: '0.1', contentType: 'message/rfc822' }),
    ]);
    const uid = appended.uids.get('mimekit/mbox/content-length.mbox.txt#1')!;
    const attached = await routes.part(uid, '0.1');
    expect(attached.status).toBe(200);
    expect(attached.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(attached.headers.get('x-content-type-options')).toBe('nosniff');
    expect(attached.headers.get('content-security-policy')).toContain(
      "default-src 'none'; sandbox",
    );
    expect(await attached.text()).toContain('Subject: mailusr1@navstar1 3.0b6gold #1');
    expect((await routes.part(uid, '0.2')).status).toBe(404);

    // Files uuencoded into the text are listed, and taken out of the text.
    const embedded = views.get('mail-mime-parser/emails/m0018.txt')!;
    expect(names(embedded)).toEqual([
      ['blueball.png', '0.1'],
      ['greenball.png', '0.2'],
      ['redball.png', '0.3'],
    ]);
    expect(embedded.text).toContain('Slow but steady wins the race.');
    expect(embedded.text).not.toMatch(/^begin 666/m);

    // BinHex is decoded to the file; TNEF stays the part it is, downloaded byte for byte above.
    const binhex = views.get('mail-mime-parser/emails/m2011.txt')!;
    expect(binhex.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['blueball.png', 'image/png'],
      ['HasenundFrösche.txt', 'text/plain'],
    ]);
    expect(names(views.get('mail-mime-parser/emails/m4006.txt')!)).toEqual([['winmail.dat', '1']]);
  });

  it('downloads mail-mime-parser attachments equal to their original files', async () => {
    const mismatches: string[] = [];
    const counts = { byName: 0, renamed: 0, equal: 0, knownToDiffer: 0 };
    for (const [name, view] of views) {
      if (!name.startsWith('mail-mime-parser/emails/')) continue;
      for (const attachment of view.attachments) {
        const original = originalOf(attachment.filename);
        if (!original) continue;
        counts[original.byName ? 'byName' : 'renamed']++;
        const response = await routes.part(appended.uids.get(name)!, attachment.partId);
        const bytes = Buffer.from(await response.arrayBuffer());
        const expected = readFileSync(path.join(attachmentsDir, original.file));
        if (response.status === 200 && bytes.equals(expected)) counts.equal++;
        else if (knownDifferences[`${name} ${original.file}`]) counts.knownToDiffer++;
        else
          mismatches.push(
            `${name} part ${attachment.partId} ${original.file}: ${response.status}, ` +
              `${bytes.length} bytes, expected ${expected.length}`,
          );
      }
    }
    console.log(
      `attachments: ${counts.byName + counts.renamed} compared with their original files ` +
        `(${counts.byName} by name, ${counts.renamed} by the ASCII name), ${counts.equal} equal, ` +
        `${counts.knownToDiffer} known to differ (${[...new Set(Object.values(knownDifferences))].join('; ')})`,
    );
    expect(mismatches).toEqual([]);
    expect(counts.byName).toBe(attachmentOracleSize);
  }, 60_000);

  it('reads each letters language the same in every charset and transfer encoding', () => {
    const groups = letterGroups(views);
    const differences: string[] = [];
    for (const { variants } of groups) {
      const [first, ...rest] = variants;
      if (!first) continue;
      if (!/^📧 Test \S/u.test(letterSubject(first.view.subject)))
        differences.push(`${first.name}: Subject ${JSON.stringify(first.view.subject)}`);
      for (const { name, view } of rest) {
        if (letterSubject(view.subject) !== letterSubject(first.view.subject))
          differences.push(
            `${name}: Subject ${JSON.stringify(view.subject)} (${first.name} has ${JSON.stringify(first.view.subject)})`,
          );
        if (letterText(view.text) !== letterText(first.view.text))
          differences.push(
            `${name}: text differs from ${first.name}: ${JSON.stringify(letterText(view.text).slice(-60))} vs ${JSON.stringify(letterText(first.view.text).slice(-60))}`,
          );
      }
    }
    console.log(
      `letters: ${groups.length} language groups compared, ${groups.reduce((n, g) => n + g.variants.length, 0)} variants`,
    );
    expect(differences).toEqual([]);
    expect(groups.length).toBeGreaterThan(0);
  });
});
