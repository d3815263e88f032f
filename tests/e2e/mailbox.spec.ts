/** The mailbox: folders and a message list over the whole folder, on desktop and a 360 px phone. */
import { expect, test, type Page } from '@playwright/test';
import type { MessagePage } from '../../lib/mail/types.ts';
import { alice } from '../support/test-stack.ts';
import { expectAccessible } from './support.ts';

const rowHeight = 64;

async function signIn(page: Page, path = '/mail/INBOX') {
  await page.goto(`/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('Email address').fill(alice.email);
  await page.getByLabel('Password').fill(alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${path.replace(/[/]/g, '\\/')}$`));
}

async function apiPage(page: Page, folder: string, query: string): Promise<MessagePage> {
  const response = await page.request.get(`/api/folders/${folder}/messages?${query}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as MessagePage;
}

function list(page: Page, folder: string) {
  return page.getByRole('list', { name: `Messages in ${folder}` });
}

test('the inbox lists its newest messages beside the folders', async ({ page, isMobile }) => {
  await signIn(page);
  const newest = await apiPage(page, 'INBOX', 'limit=3');
  const rows = list(page, 'INBOX').getByRole('listitem');
  await expect(rows.first()).toContainText(newest.messages[0]!.subject);
  await expect(rows.nth(1)).toContainText(newest.messages[1]!.subject);
  if (!isMobile) {
    const inbox = page
      .getByRole('navigation', { name: 'Folders' })
      .getByRole('link', { name: /Inbox/ });
    await expect(inbox).toHaveAttribute('aria-current', 'page');
  }
  await expectAccessible(page);
});

test('jumping to the middle and the end of a 100,000-message folder shows the right rows', async ({
  page,
}) => {
  await signIn(page, '/mail/Big');
  const scroller = page.getByTestId('message-scroller');
  await expect(list(page, 'Big').getByRole('listitem').first()).not.toHaveAttribute('aria-busy');

  for (const index of [50_000, 99_990]) {
    const expected = await apiPage(page, 'Big', `offset=${index}&limit=1`);
    await scroller.evaluate((element, top) => element.scrollTo({ top }), index * rowHeight);
    const row = list(page, 'Big').locator(`li[aria-posinset="${index + 1}"]`);
    await expect(row).toContainText(expected.messages[0]!.subject, { timeout: 10_000 });
  }
});

test('quick filters narrow the list to unread messages', async ({ page }) => {
  await signIn(page);
  const unread = await apiPage(page, 'INBOX', 'filter=unseen&limit=1');
  await page.getByRole('button', { name: 'Unread' }).click();
  await expect(page.getByRole('button', { name: 'Unread' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(list(page, 'INBOX').getByRole('listitem').first()).toContainText(
    unread.messages[0]!.subject,
  );
});

test('folders open from the list on a phone, and lead to another folder', async ({
  page,
  isMobile,
}) => {
  test.skip(!isMobile, 'the folder drawer is the phone layout');
  await signIn(page);
  await page.getByRole('button', { name: 'Folders' }).click();
  await page
    .getByRole('navigation', { name: 'Folders' })
    .getByRole('link', { name: /Archive/ })
    .click();
  await expect(page).toHaveURL(/\/mail\/Archive$/);
  await expect(page.getByRole('heading', { name: 'Archive' })).toBeVisible();
  await expect(list(page, 'Archive').getByRole('listitem').first()).not.toHaveAttribute(
    'aria-busy',
  );
  await expectAccessible(page);
});
