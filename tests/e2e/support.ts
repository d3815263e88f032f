import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { MessagePage } from '../../lib/mail/types.ts';
import { alice } from '../support/test-stack.ts';

/**
 * Fails on serious or critical accessibility violations, listing them readably. Frames are not
 * entered: the only ones are message bodies, the sender's markup in a sandbox where axe cannot
 * run (no scripts; its frame-by-frame mode waits for them for ever). The frame element itself is
 * still checked (its title).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .options({ iframes: false })
    .setLegacyMode()
    .analyze();
  const blocking = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
}

/** Signs alice in through the form and lands on `path`. */
export async function signIn(page: Page, path = '/mail/INBOX'): Promise<void> {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email address').fill(alice.email);
  await page.getByLabel('Password').fill(alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, '\\/')}$`));
}

/** A window of a folder straight from the API, to know what the page should show. */
export async function apiPage(page: Page, folder: string, query: string): Promise<MessagePage> {
  const response = await page.request.get(`/api/folders/${folder}/messages?${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as MessagePage;
}

export function list(page: Page, folder: string) {
  return page.getByRole('list', { name: `Messages in ${folder}` });
}

/** Real touches through the browser's input pipeline (not synthetic DOM events). */
export async function touchScreen(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y }],
    });
  return {
    async press(x: number, y: number, ms: number) {
      await send('touchStart', x, y);
      await page.waitForTimeout(ms);
      await send('touchEnd');
    },
    async drag(x: number, fromY: number, toY: number, steps = 8) {
      await send('touchStart', x, fromY);
      for (let i = 1; i <= steps; i++)
        await send('touchMove', x, fromY + ((toY - fromY) * i) / steps);
      await send('touchEnd');
    },
  };
}
