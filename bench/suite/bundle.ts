/**
 * What a first visit ships: Debian's Chromium at desktop size with an empty cache loads a page
 * of one production Tern server, and every response of type document, script, stylesheet and
 * font is counted, compressed: its transfer size when the server sent it compressed, else its
 * body gzipped by zlib at level 6 (what a compressing proxy in front of Tern would send).
 * - the mailbox: /mail/INBOX signed in (the session cookie added), counted until the first
 *   INBOX row is drawn and then a quiet second (late chunks included);
 * - the sign-in page, where a first visit starts: /login signed out, until its load event and a
 *   quiet second.
 * One reading each: the same bytes every time.
 */
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page, type Response } from '@playwright/test';
import { debianChromium } from '../../scripts/chromium.ts';
import { sessionCookie } from '../bench-stack.ts';
import { sleep } from '../measure.ts';
import type { Section } from './context.ts';
import { goals, single, type Figure } from './figure.ts';
import { stampEveryPage, waitForStamp } from './page-stamps.ts';

const serverSlot = 6;
const quietMs = 1000;
const counted = ['document', 'script', 'stylesheet', 'font'] as const;
type Kind = (typeof counted)[number];
const isCounted = (type: string): type is Kind => (counted as readonly string[]).includes(type);

type Shipped = Record<Kind, number>;

async function compressedSize(response: Response): Promise<number> {
  if (response.headers()['content-encoding'])
    return (await response.request().sizes()).responseBodySize;
  return gzipSync(await response.body(), { level: 6 }).length;
}

/** Opens `path` in a fresh context and adds up what it shipped, by kind, in bytes. */
async function shipped(
  browser: Browser,
  url: string,
  path: string,
  cookie: { name: string; value: string; url: string } | undefined,
  loaded: (page: Page) => Promise<unknown>,
): Promise<Shipped> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await stampEveryPage(context);
    if (cookie) await context.addCookies([cookie]);
    const page = await context.newPage();
    const sizes: Array<Promise<[Kind, number]>> = [];
    page.on('response', (response) => {
      const type = response.request().resourceType();
      if (isCounted(type)) sizes.push(compressedSize(response).then((size) => [type, size]));
    });
    await page.goto(`${url}${path}`);
    await loaded(page);
    await sleep(quietMs);
    const total: Shipped = { document: 0, script: 0, stylesheet: 0, font: 0 };
    for (const [kind, size] of await Promise.all(sizes)) total[kind] += size;
    return total;
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => bytes / 1024;
const sum = (s: Shipped) => s.document + s.script + s.stylesheet + s.font;
const breakdown = (s: Shipped) =>
  counted.map((kind) => `${kind} ${kib(s[kind]).toFixed(1)}`).join(', ') + ' KiB';

export const measureBundle: Section = async (context) => {
  const tern = await context.startServer(serverSlot);
  const browser = await chromium.launch(debianChromium);
  try {
    const cookie = await sessionCookie(tern.url, context.demo);
    const mailbox = await shipped(browser, tern.url, '/mail/INBOX', cookie, (page) =>
      waitForStamp(page, { rowOf: 'INBOX' }),
    );
    const login = await shipped(browser, tern.url, '/login', undefined, (page) =>
      page.waitForLoadState('load'),
    );
    context.log(`mailbox: ${breakdown(mailbox)}; sign-in page: ${breakdown(login)}`);
    const all = single(kib(sum(mailbox)));
    const figures: Figure[] = [
      {
        section: 'Browser',
        name: 'mailbox page first visit: HTML+JS+CSS+fonts (gzip)',
        unit: 'KiB',
        tern: all,
        goal: goals.atMost(150, 'KiB', all),
        note: `${breakdown(mailbox)}; Roundcube: 289 KiB + 186 KiB of fonts`,
      },
      {
        section: 'Browser',
        name: 'mailbox page first visit: JS (gzip)',
        unit: 'KiB',
        tern: single(kib(mailbox.script)),
      },
      {
        section: 'Browser',
        name: 'sign-in page first visit: HTML+JS+CSS+fonts (gzip)',
        unit: 'KiB',
        tern: single(kib(sum(login))),
        note: breakdown(login),
      },
    ];
    return figures;
  } finally {
    await browser.close();
    await tern.stop();
  }
};
