/**
 * Moments stamped by the page itself, with its own clock (performance.now(): milliseconds since
 * the document's navigation started), so Playwright's round trips never count in a figure.
 * An init script, run in every document before Tern's own scripts, stamps:
 * - `click`: the last click (a tap too: Chromium turns it into one) anywhere in the document;
 *   also kept in sessionStorage as wall-clock time (`clickWall`), so that a click that leads
 *   to another document (signing in) can be compared with that document's stamps;
 * - `rows[folder]`: the first time a message row with its data (an `li` without aria-busy) is
 *   in the list `Messages in <folder>`;
 * - `body`: the first time the reading pane's sandboxed frame holds the message's text.
 * A stamp is taken at the end of the frame after the change (requestAnimationFrame, then a
 * task): the moment the row or body has been drawn, not merely put in the document.
 *
 * Rows with data only come from the list's own fetch, made by React after the page hydrated,
 * so a row stamp also means a usable page: the row's click handler is attached.
 */
import type { BrowserContext, Page } from '@playwright/test';

export interface Stamps {
  click?: number;
  rows: Record<string, number>;
  body?: number;
  /** What has changed and waits for its frame to be stamped: folder names, `body`. */
  drawing: string[];
}

interface StampedWindow {
  benchStamps: Stamps;
}

const clickKey = 'tern-bench-click';

function stampInPage(clickKey: string) {
  const state = window as unknown as StampedWindow;
  state.benchStamps = { rows: {}, drawing: [] };
  /** Stamps the end of the next frame; `clearStamps` may replace the stamps meanwhile. */
  function afterFrame(what: string, stamp: (stamps: Stamps, at: number) => void) {
    const stamps = state.benchStamps;
    stamps.drawing.push(what);
    requestAnimationFrame(() => setTimeout(() => stamp(stamps, performance.now())));
  }

  function look() {
    const stamps = state.benchStamps;
    for (const list of document.querySelectorAll('ul[aria-label^="Messages in "]')) {
      const folder = list.getAttribute('aria-label')!.slice('Messages in '.length);
      if (stamps.drawing.includes(folder) || !list.querySelector('li:not([aria-busy])')) continue;
      afterFrame(folder, (drawn, at) => (drawn.rows[folder] = at));
    }
    if (stamps.drawing.includes('body')) return;
    const frame = document.querySelector<HTMLIFrameElement>('article[aria-label="Message"] iframe');
    if (frame?.contentDocument?.body?.textContent?.trim())
      afterFrame('body', (drawn, at) => (drawn.body = at));
  }

  document.addEventListener(
    'click',
    () => {
      const at = performance.now();
      state.benchStamps.click = at;
      sessionStorage.setItem(clickKey, String(performance.timeOrigin + at));
    },
    true,
  );
  // A frame's load does not bubble, but passes the document on its way down.
  document.addEventListener('load', look, true);
  new MutationObserver(look).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['aria-busy'],
  });
}

export async function stampEveryPage(context: BrowserContext): Promise<void> {
  await context.addInitScript(stampInPage, clickKey);
}

/** Forgets the stamps so far (before the click of the next measurement). */
export async function clearStamps(page: Page): Promise<void> {
  await page.evaluate((key) => {
    (window as unknown as StampedWindow).benchStamps = { rows: {}, drawing: [] };
    sessionStorage.removeItem(key);
  }, clickKey);
}

/** The stamps once the awaited one is there, with what relates them to another document. */
export interface Stamped extends Stamps {
  /** The document's navigation start, wall clock (ms). */
  timeOrigin: number;
  /** The last click's wall-clock time, if one came in this tab since `clearStamps`. */
  clickWall?: number;
}

/** Waits until the first row of `folder`, or the open message's body (`'body'`), is drawn. */
export async function waitForStamp(
  page: Page,
  awaited: { rowOf: string } | 'body',
  timeout = 15_000,
): Promise<Stamped> {
  const handle = await page.waitForFunction(
    ({ awaited, key }) => {
      const stamps = (window as unknown as StampedWindow).benchStamps;
      const there = awaited === 'body' ? stamps?.body : stamps?.rows[awaited.rowOf];
      if (there === undefined) return undefined;
      const wall = sessionStorage.getItem(key);
      return {
        ...stamps,
        timeOrigin: performance.timeOrigin,
        clickWall: wall === null ? undefined : Number(wall),
      };
    },
    { awaited, key: clickKey },
    { timeout, polling: 20 },
  );
  return (await handle.jsonValue()) as Stamped;
}
