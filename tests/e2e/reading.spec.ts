/** Reading mail: opening from the list by click, tap or keyboard, and back to the list. */
import { expect, test } from '@playwright/test';
import { apiPage, expectAccessible, list, signIn } from './support.ts';

test('a click opens a message beside the list, marks it read, and u goes back', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the phone test below covers one pane at a time');
  await signIn(page);
  const unread = (await apiPage(page, 'INBOX', 'filter=unseen&limit=1')).messages[0]!;
  await page.getByRole('button', { name: 'Unread' }).click();
  const row = list(page, 'INBOX').locator('li[aria-posinset="1"]');
  await expect(row).toContainText(unread.subject);
  await row.click();

  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByRole('heading', { name: unread.subject })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`\\?m=${unread.uid}$`));
  await expect(row).toHaveAttribute('aria-current', 'true');
  await expect(pane.locator('iframe, .font-mono').first()).toBeVisible();
  await expect
    .poll(async () =>
      (await apiPage(page, 'INBOX', 'filter=unseen&limit=200')).messages.map((m) => m.uid),
    )
    .not.toContain(unread.uid);
  await expectAccessible(page);

  await page.keyboard.press('u');
  await expect(pane).toHaveCount(0);
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
});

test('Enter and o open the message under the cursor', async ({ page, isMobile }) => {
  test.skip(isMobile, 'keyboard shortcuts are for a keyboard');
  await signIn(page);
  const newest = (await apiPage(page, 'INBOX', 'limit=2')).messages;
  await expect(list(page, 'INBOX').getByRole('listitem').first()).not.toHaveAttribute('aria-busy');
  await page.getByTestId('message-scroller').focus();
  await page.keyboard.press('Enter');
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByRole('heading', { name: newest[0]!.subject })).toBeVisible();
  await page.keyboard.press('j');
  await page.keyboard.press('o');
  await expect(pane.getByRole('heading', { name: newest[1]!.subject })).toBeVisible();
});

test('on a phone a message fills the screen, and Back returns to the list', async ({
  page,
  isMobile,
}) => {
  test.skip(!isMobile, 'one pane at a time is the phone layout');
  await signIn(page);
  const newest = (await apiPage(page, 'INBOX', 'limit=1')).messages[0]!;
  const row = list(page, 'INBOX').locator('li[aria-posinset="1"]');
  await expect(row).toContainText(newest.subject);
  await row.getByText(newest.subject).tap();
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByRole('heading', { name: newest.subject })).toBeVisible();
  await expect(list(page, 'INBOX')).toBeHidden();
  await expectAccessible(page);

  await pane.getByRole('button', { name: 'Back to the list' }).tap();
  await expect(pane).toHaveCount(0);
  await expect(list(page, 'INBOX')).toBeVisible();

  await row.getByText(newest.subject).tap();
  await expect(pane).toBeVisible();
  await page.goBack();
  await expect(pane).toHaveCount(0);
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
});

test('a message that is not there says so, with a way to try again', async ({ page }) => {
  await signIn(page, '/mail/INBOX');
  await page.goto('/mail/INBOX?m=999999');
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByRole('alert')).toContainText('could not be opened');
  await expect(pane.getByRole('button', { name: 'Try again' })).toBeVisible();
});

test('the next and previous buttons walk the list, and the original opens as text', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same buttons serve both layouts');
  await signIn(page);
  const newest = (await apiPage(page, 'INBOX', 'limit=2')).messages;
  await list(page, 'INBOX').locator('li[aria-posinset="1"]').click();
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByRole('heading', { name: newest[0]!.subject })).toBeVisible();
  await pane.getByRole('button', { name: 'Next message' }).click();
  await expect(pane.getByRole('heading', { name: newest[1]!.subject })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`\\?m=${newest[1]!.uid}$`));
  await pane.getByRole('button', { name: 'Previous message' }).click();
  await expect(pane.getByRole('heading', { name: newest[0]!.subject })).toBeVisible();

  const original = await page.request.get(
    (await pane.getByRole('link', { name: 'Show original' }).getAttribute('href'))!,
  );
  expect(original.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(await original.text()).toContain(`Subject: ${newest[0]!.subject}`);
});

test('settings change the theme at once and for the next visit, and when mail is marked read', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same dialog serves both layouts');
  await signIn(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings' });
  await dialog.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await dialog.getByLabel('Never (I mark messages read myself)').check();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectAccessible(page);
  const unread = (await apiPage(page, 'INBOX', 'filter=unseen&limit=1')).messages[0]!;
  await page.getByRole('button', { name: 'Unread' }).click();
  await list(page, 'INBOX').locator('li[aria-posinset="1"]').click();
  await expect(page.getByRole('heading', { name: unread.subject })).toBeVisible();
  await page.waitForTimeout(500);
  const stillUnread = await apiPage(page, 'INBOX', 'filter=unseen&limit=200');
  expect(stillUnread.messages.map((m) => m.uid)).toContain(unread.uid);
});
