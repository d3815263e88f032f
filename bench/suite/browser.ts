/**
 * The suite's browser figures: what a person waits for in Debian's Chromium, at desktop size
 * (1280×800) and on a phone (360×740, touch), as the demo user (INBOX of 400 messages) on one
 * production Tern server. Every time is taken by the page's own clock (bench/suite/page-stamps.ts:
 * a click stamp and a "drawn" stamp, the frame after the change), never by Node's:
 * - sign-in: a fresh context opens /login, the form is filled; from the click (tap) on "Sign in"
 *   to the first INBOX row drawn in the document the sign-in navigates to;
 * - reopen, warm cache: in a context that has loaded /mail/INBOX, navigating to it again; from the
 *   navigation's start to the first row drawn. A row with data is drawn by React from the list's
 *   own fetch after hydration, so the list is then usable (its click handler is attached), which
 *   is also what the e2e tests wait for (a first row without aria-busy);
 * - the same with a cold cache: a new context each run, the session cookie added;
 * - folder switch: on a loaded INBOX, from the click on Archive in the folder list (on a phone,
 *   in the drawer its Folders button opened) to Archive's first row drawn;
 * - open a message: on a loaded INBOX, from the click (tap) on the first row holding an HTML
 *   message to its text being in the reading pane's sandboxed frame, drawn.
 * Before each click the loaded page rests 300 ms, so the click does not race the page's own
 * loading. Each figure takes one unmeasured run first, then min(runs, 10).
 */
import { chromium, type Browser, type BrowserContextOptions, type Locator } from '@playwright/test';
import { debianChromium } from '../../scripts/chromium.ts';
import { sessionCookie } from '../bench-stack.ts';
import { sleep } from '../measure.ts';
import type { BenchContext, Section } from './context.ts';
import { goals, stat, type Figure } from './figure.ts';
import { clearStamps, stampEveryPage, waitForStamp } from './page-stamps.ts';

const serverSlot = 5;
const maxRuns = 10;
const restBeforeClickMs = 300;
const otherFolder = 'Archive';

interface Viewport {
  name: string;
  touch: boolean;
  options: BrowserContextOptions;
}

const viewports: Viewport[] = [
  { name: 'desktop', touch: false, options: { viewport: { width: 1280, height: 800 } } },
  {
    name: 'phone',
    touch: true,
    options: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
  },
];

/** What one viewport's figures need. */
interface Visit {
  browser: Browser;
  url: string;
  viewport: Viewport;
  cookie: { name: string; value: string; url: string };
  /** The subject and list position (1-based) of the first INBOX message with an HTML body. */
  htmlMessage: { subject: string; position: number };
  credentials: { email: string; password: string };
}

const press = (target: Locator, touch: boolean) => (touch ? target.tap() : target.click());

/** One unmeasured run, then `runs` measured ones. */
async function timed(runs: number, once: () => Promise<number>): Promise<number[]> {
  await once();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await once());
  return values;
}

async function newContext(visit: Visit, signedIn: boolean) {
  const context = await visit.browser.newContext(visit.viewport.options);
  await stampEveryPage(context);
  if (signedIn) await context.addCookies([visit.cookie]);
  return context;
}

async function signInToFirstRow(visit: Visit): Promise<number> {
  const context = await newContext(visit, false);
  try {
    const page = await context.newPage();
    await page.goto(`${visit.url}/login`);
    await page.getByLabel('Email address').fill(visit.credentials.email);
    await page.getByLabel('Password').fill(visit.credentials.password);
    await sleep(restBeforeClickMs);
    await clearStamps(page);
    await press(page.getByRole('button', { name: 'Sign in' }), visit.viewport.touch);
    const stamps = await waitForStamp(page, { rowOf: 'INBOX' });
    return stamps.timeOrigin + stamps.rows.INBOX! - stamps.clickWall!;
  } finally {
    await context.close();
  }
}

async function coldOpen(visit: Visit): Promise<number> {
  const context = await newContext(visit, true);
  try {
    const page = await context.newPage();
    await page.goto(`${visit.url}/mail/INBOX`);
    return (await waitForStamp(page, { rowOf: 'INBOX' })).rows.INBOX!;
  } finally {
    await context.close();
  }
}

/** The warm-context figures: reopening the INBOX, switching folder, opening a message. */
async function warmFigures(visit: Visit, runs: number) {
  const context = await newContext(visit, true);
  try {
    const page = await context.newPage();
    const inbox = `${visit.url}/mail/INBOX`;
    const openInbox = async () => {
      await page.goto(inbox);
      return (await waitForStamp(page, { rowOf: 'INBOX' })).rows.INBOX!;
    };
    const reopen = await timed(runs, openInbox);

    const folderSwitch = await timed(runs, async () => {
      await openInbox();
      if (visit.viewport.touch)
        await press(page.getByRole('button', { name: 'Folders', exact: true }), true);
      const link = page
        .getByRole('navigation', { name: 'Folders' })
        .getByRole('link', { name: otherFolder });
      await link.waitFor();
      await sleep(restBeforeClickMs);
      await clearStamps(page);
      await press(link, visit.viewport.touch);
      const stamps = await waitForStamp(page, { rowOf: otherFolder });
      return stamps.rows[otherFolder]! - stamps.click!;
    });

    const openMessage = await timed(runs, async () => {
      await openInbox();
      const row = page
        .getByRole('list', { name: 'Messages in INBOX' })
        .locator(`li[aria-posinset="${visit.htmlMessage.position}"]`)
        .getByText(visit.htmlMessage.subject)
        .first();
      await row.waitFor();
      await sleep(restBeforeClickMs);
      await clearStamps(page);
      await press(row, visit.viewport.touch);
      const stamps = await waitForStamp(page, 'body');
      return stamps.body! - stamps.click!;
    });
    return { reopen, folderSwitch, openMessage };
  } finally {
    await context.close();
  }
}

/** The first of the newest INBOX messages that has an HTML body (opened through the API). */
async function findHtmlMessage(url: string, cookie: string) {
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const { messages } = (await get('/api/folders/INBOX/messages?limit=20')) as {
    messages: Array<{ uid: number; subject: string }>;
  };
  for (const [index, message] of messages.entries()) {
    const view = (await get(`/api/folders/INBOX/messages/${message.uid}`)) as {
      html: string | null;
    };
    if (view.html) return { subject: message.subject, position: index + 1 };
  }
  throw new Error('none of the 20 newest INBOX messages has an HTML body');
}

async function viewportFigures(visit: Visit, runs: number, context: BenchContext) {
  const name = visit.viewport.name;
  context.log(`${name}: sign-in, cold open, reopen, folder switch, open a message`);
  const signIns = await timed(runs, () => signInToFirstRow(visit));
  const cold = await timed(runs, () => coldOpen(visit));
  const warm = await warmFigures(visit, runs);
  const figure = (label: string, values: number[], goalMs?: number, note?: string): Figure => {
    const tern = stat(values);
    return {
      section: 'Browser',
      name: `${label} (${name})`,
      unit: 'ms',
      tern,
      ...(goalMs === undefined ? {} : { goal: goals.atMost(goalMs, 'ms', tern) }),
      ...(note ? { note } : {}),
    };
  };
  return [
    figure('sign-in click → first INBOX row', signIns, 300, 'Roundcube on this stack: 670–790 ms'),
    figure('INBOX reopen, warm cache → usable list', warm.reopen, 150, 'Roundcube: 340–490 ms'),
    figure('INBOX open, cold cache → usable list', cold),
    figure(`folder switch → first ${otherFolder} row`, warm.folderSwitch),
    figure('open a message → body drawn', warm.openMessage),
  ];
}

export const measureBrowser: Section = async (context) => {
  const runs = Math.min(context.runs, maxRuns);
  const tern = await context.startServer(serverSlot);
  const browser = await chromium.launch(debianChromium);
  try {
    const url = tern.url;
    const cookie = await sessionCookie(url, context.demo);
    const htmlMessage = await findHtmlMessage(url, `${cookie.name}=${cookie.value}`);
    const figures: Figure[] = [];
    for (const viewport of viewports) {
      const visit = {
        browser,
        url,
        viewport,
        cookie,
        htmlMessage,
        credentials: context.demo,
      };
      figures.push(...(await viewportFigures(visit, runs, context)));
    }
    return figures;
  } finally {
    await browser.close();
    await tern.stop();
  }
};
