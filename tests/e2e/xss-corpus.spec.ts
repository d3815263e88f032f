/**
 * Hostile HTML nobody here wrote (../shared/corpus/xss), delivered to Dovecot and opened through
 * the UI like any mail, in one page moving from message to message: every vector as a message
 * body (six to a message), a sample of them alone, each vectors.json set in one message, a sample
 * as Subject, sender and recipient names and attachment names (encoded and raw), and H5SC's
 * hostile files as attachments. Nothing may run, navigate, open a window or reach past Tern's
 * origin; the attachments must download as inert files. The pass over the messages runs on the
 * desktop and on the phone, where an open message fills the screen (each project has its own
 * folder, so neither sees the other's copies).
 */
import { expect, test, type Page } from '@playwright/test';
import { corpusSkipReason, hasCorpus, xssVectors } from '../support/corpus.ts';
import { appendRaw } from '../support/imap-append.ts';
import { alice, e2ePort } from '../support/test-stack.ts';
import {
  attachmentsMessage,
  bodyMessages,
  fitsRawHeader,
  groupMessages,
  headerMessage,
  type XssMessage,
} from '../support/xss-mail.ts';
import { list, signIn } from './support.ts';
import { watchForXss } from './xss-watch.ts';

/** Set per project in beforeAll. */
let folder = 'XSS corpus';
/** Vectors to a message in the pass over all of them. */
const groupSize = 6;
/** Every how many-th vector is also opened alone (the raw .html files always are). */
const aloneEvery = 6;
/** Every how many-th vector also goes into the headers, and how many to a message. */
const headerEvery = 8;
const headersPerMessage = 4;

interface Delivered extends XssMessage {
  uid: number;
}

let delivered: Delivered[] = [];
let attachmentFiles: string[] = [];
let refused = 0;
let vectorCount = 0;

function chunks<T>(list: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, i) =>
    list.slice(i * size, (i + 1) * size),
  );
}

test.describe.configure({ mode: 'serial' });
test.skip(!hasCorpus, corpusSkipReason);

test.beforeAll(async ({}, testInfo) => {
  if (testInfo.project.name !== 'desktop') folder = `XSS corpus ${testInfo.project.name}`;
  const vectors = xssVectors();
  vectorCount = vectors.length;
  const sets = [...new Set(vectors.map((v) => v.name.split('#')[0]!))];
  const inSet = (set: string) => vectors.filter((v) => v.name.split('#')[0] === set);
  const alone = vectors.filter((v, i) => i % aloneEvery === 3 || !v.name.includes('#'));
  const headerSample = vectors.filter((_, i) => i % headerEvery === 0);
  const raw = headerSample.filter((v) => fitsRawHeader(v.html));
  const attachments = attachmentsMessage();
  attachmentFiles = attachments.files;
  const messages = [
    ...groupMessages('all', vectors, groupSize),
    ...bodyMessages(alone),
    // Each set in one message, as one sender could.
    ...sets
      .filter((set) => inSet(set).length > 1)
      .flatMap((set) => groupMessages(set, inSet(set), Infinity)),
    ...chunks(headerSample, headersPerMessage).map((v, i) => headerMessage(v, i + 1, false)),
    ...chunks(raw, headersPerMessage).map((v, i) => headerMessage(v, i + 1, true)),
    attachments.message,
  ];
  const appended = await appendRaw(
    alice,
    folder,
    messages.map((m) => m.raw),
  );
  refused = appended.refused;
  delivered = messages.map((m, i) => ({ ...m, uid: appended.uids[i]! })).filter((m) => m.uid > 0);
});

/** Opens a message in the page already showing the folder, the way the app itself does. */
async function open(page: Page, message: Delivered): Promise<void> {
  const shown = page.waitForResponse((r) => r.url().endsWith(`/messages/${message.uid}`));
  await page.evaluate(
    (url) => window.history.replaceState(null, '', url),
    `/mail/${encodeURIComponent(folder)}?m=${message.uid}`,
  );
  await shown;
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByText(message.shows, { exact: true }).first()).toBeVisible();
  const frame = pane.locator('iframe');
  if ((await frame.count()) > 0) {
    const content = await (await frame.elementHandle())?.contentFrame();
    await content?.waitForLoadState('load');
  }
}

test('no vector runs script, navigates or loads anything, in the body or the headers', async ({
  page,
  isMobile,
}) => {
  test.setTimeout(240_000);
  const watch = await watchForXss(page, `http://127.0.0.1:${e2ePort}`);
  await signIn(page, `/mail/${encodeURIComponent(folder)}`);
  // The list has loaded, so the app is running and follows the address.
  await expect(list(page, folder).getByRole('listitem').first()).toBeVisible();

  for (const message of delivered) {
    if (message === delivered[1])
      // The frame may never run script: no allow-scripts, and a policy of its own.
      await expect(page.locator('article iframe')).toHaveAttribute(
        'sandbox',
        'allow-same-origin allow-popups allow-popups-to-escape-sandbox',
      );
    watch.opened(message.name);
    await open(page, message);
    // On a phone the open message is all there is on the screen.
    if (isMobile && message === delivered[0]) await expect(list(page, folder)).toBeHidden();
  }
  watch.opened('(after the last message)');
  // Late loads (an image's error, a refresh) have a moment to show themselves.
  await page.waitForTimeout(1000);

  const bodies = delivered.filter((m) => m.html).length;
  console.log(
    `xss corpus (browser): ${vectorCount} vectors tried in ${delivered.length} messages ` +
      `(${bodies} with vectors in the body: every vector in groups of ${groupSize}, each set in ` +
      `one message, ${delivered.filter((m) => m.name.startsWith('XSS ') || !m.name.includes(' ')).length} alone; ` +
      `${delivered.length - bodies} with vectors in headers and attachment names or hostile ` +
      `attachments), ${refused} refused by the server; ${watch.violations.length} violations; ` +
      `${watch.refusedByCsp.length} loads refused by the frame's policy`,
  );
  for (const line of watch.refusedByCsp.slice(0, 20)) console.log(`  refused by CSP: ${line}`);
  expect(refused).toBe(0);
  expect(watch.violations).toEqual([]);
});

test('hostile attachments download as inert files, never render on Tern’s origin', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'desktop only: downloads do not depend on the screen');
  await signIn(page, `/mail/${encodeURIComponent(folder)}`);
  const message = delivered.find((m) => m.name === 'h5sc/attachments')!;
  const response = await page.request.get(
    `/api/folders/${encodeURIComponent(folder)}/messages/${message.uid}`,
  );
  const view = (await response.json()) as {
    attachments: Array<{ partId: string; filename: string }>;
  };
  expect(view.attachments.map((a) => a.filename).sort()).toEqual(attachmentFiles);
  for (const attachment of view.attachments) {
    const part = await page.request.get(
      `/api/folders/${encodeURIComponent(folder)}/messages/${message.uid}/parts/${attachment.partId}?inline=1`,
    );
    const headers = part.headers();
    const where = `${attachment.filename}: ${JSON.stringify(headers)}`;
    // A raster image may show inline, as an image (test.gif is a JPEG carrying MHTML).
    const image = attachment.filename.endsWith('.gif');
    expect(headers['content-disposition'], where).toMatch(image ? /^inline; / : /^attachment; /);
    expect(headers['content-type'], where).toBe(image ? 'image/gif' : 'application/octet-stream');
    expect(headers['x-content-type-options'], where).toBe('nosniff');
    expect(headers['content-security-policy'], where).toContain("default-src 'none'; sandbox");
  }
});
