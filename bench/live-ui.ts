/**
 * Live updates as a user sees them: another client APPENDs to the INBOX, and Debian's Chromium,
 * showing Tern's INBOX, draws the new row. Timed from the APPEND to the moment the row's subject
 * is in the page (a MutationObserver stamps it with the page's wall clock), against the floor in
 * the same run: a raw imapflow connection idling on the same INBOX seeing the EXISTS
 * (bench/reference/raw-idle.ts). One APPEND at a time, after a random pause of 500–1000 ms.
 *
 * Usage: node bench/live-ui.ts [--runs 20]   (needs a production build and root)
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { debianChromium } from '../scripts/chromium.ts';
import { stackPaths } from '../scripts/stack/options.ts';
import { startTern, waitUntilListening } from '../scripts/tern-process.ts';
import {
  benchServerEnv,
  benchStack,
  benchUsers,
  sessionCookie,
  startBenchStack,
  stopBenchStack,
} from './bench-stack.ts';
import {
  median,
  percentile,
  sleep,
  startReference,
  wallClock,
  type RunningReference,
} from './measure.ts';
import { connectRaw } from './reference/connect.ts';
import type { RawIdleMessage } from './reference/raw-idle.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const warmUps = 3;
const timeoutMs = 10_000;
const port = 3304;
const url = `http://127.0.0.1:${port}`;

const stack = benchStack(1);
const user = benchUsers(1)[0]!;
const server = { port: stack.ports.imap, ca: stackPaths(stack.dir).certFile };
console.log(`live ui: ${runs} APPENDs by another client → the row drawn in Chromium vs raw IDLE`);
await startBenchStack(stack);

const tern = startTern(port, benchServerEnv(stack, url));
const browser = await chromium.launch(debianChromium);
let floor: RunningReference | undefined;
try {
  await waitUntilListening(tern);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies([await sessionCookie(url, user)]);
  const page = await context.newPage();
  await page.goto(`${url}/mail/INBOX`);
  await page.getByRole('list', { name: /^Messages in / }).waitFor({ state: 'attached' });
  // The page stamps the moment the awaited subject is first in the document.
  await page.evaluate(() => {
    const state = window as unknown as { wanted?: string; seenAt?: number };
    new MutationObserver(() => {
      if (state.wanted && !state.seenAt && document.body.textContent?.includes(state.wanted))
        state.seenAt = performance.timeOrigin + performance.now();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  const exists: Array<{ count: number; at: number }> = [];
  let ready: (count: number) => void = () => {};
  const floorCount = new Promise<number>((resolve) => (ready = resolve));
  let floorFailed: Error | undefined;
  floor = startReference<RawIdleMessage>(
    'raw-idle',
    { ...server, user, folder: 'INBOX' },
    (line) => ('ready' in line ? ready(line.ready) : exists.push(line)),
    (error) => (floorFailed = error),
  );
  let count = await floorCount;
  /** The floor's EXISTS for the `expected`-th message, once it comes (undefined after the timeout). */
  const floorArrival = async (expected: number, sent: number) => {
    for (const started = wallClock(); wallClock() - started < timeoutMs; await sleep(5)) {
      const seen = exists.find((e) => e.count >= expected && e.at >= sent);
      if (seen) return seen;
    }
    return undefined;
  };
  const appender = await connectRaw(server, user);
  const shown: number[] = [];
  const floorMs: number[] = [];
  let missedTern = 0;
  let missedFloor = 0;
  for (let i = 0; i < warmUps + runs; i++) {
    await sleep(500 + Math.random() * 500);
    if (floorFailed) throw floorFailed;
    const subject = `Live row ${i} ${Math.random().toString(36).slice(2, 8)}`;
    await page.evaluate((wanted) => {
      Object.assign(window, { wanted, seenAt: undefined });
    }, subject);
    const raw = Buffer.from(
      `From: Live bench <sender@example.com>\r\nTo: ${user.email}\r\nSubject: ${subject}\r\n` +
        `Date: ${new Date().toUTCString()}\r\nMessage-ID: <live-ui-${i}-${Date.now()}@example.com>\r\n\r\nHi\r\n`,
    );
    const sent = wallClock();
    await appender.append('INBOX', raw);
    const expected = ++count;
    const seenAt = await page
      .waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt, undefined, {
        timeout: timeoutMs,
      })
      .then((handle) => handle.jsonValue() as Promise<number>)
      .catch(() => undefined);
    const floorSeen = await floorArrival(expected, sent);
    if (floorSeen) count = Math.max(count, floorSeen.count);
    if (i < warmUps) continue;
    if (seenAt === undefined) missedTern++;
    if (!floorSeen) missedFloor++;
    if (seenAt === undefined || !floorSeen) continue;
    shown.push(seenAt - sent);
    floorMs.push(floorSeen.at - sent);
  }
  await appender.logout();
  const stat = (values: number[]) =>
    `median ${median(values).toFixed(0)} ms, p95 ${percentile(values, 0.95).toFixed(0)} ms`;
  console.log(`  APPEND → row drawn in Chromium (${shown.length})   ${stat(shown)}`);
  console.log(`  APPEND → raw IDLE's EXISTS (floor)       ${stat(floorMs)}`);
  console.log(
    `  Tern − floor, medians                    +${(median(shown) - median(floorMs)).toFixed(0)} ms`,
  );
  if (missedTern || missedFloor)
    console.log(
      `  missed within ${timeoutMs / 1000} s: Tern ${missedTern}, floor ${missedFloor} of ${runs}`,
    );
} catch (error) {
  console.error(`Tern's output:\n${tern.output()}`);
  throw error;
} finally {
  await floor?.stop();
  await browser.close();
  await tern.stop();
  await stopBenchStack(stack);
}
