/**
 * Ways of working beyond clicking: dragging messages onto folders, collapsing folders, the
 * shortcut sheet, and on a phone long-press to choose and pull to refresh.
 */
import { expect, test, type Page } from '@playwright/test';
import { seed } from '../../scripts/stack/seed.ts';
import { alice, testServerEnv, testStack } from '../support/test-stack.ts';
import { apiPage, expectAccessible, list, signIn, touchScreen } from './support.ts';

const origin = { Origin: testServerEnv().TERN_PUBLIC_URL! };

async function createFolder(page: Page, name: string, parent?: string) {
  const response = await page.request.post('/api/folders', {
    headers: origin,
    data: { name, parent },
  });
  expect(response.status()).toBe(201);
}

async function deleteFolder(page: Page, path: string) {
  await page.request.delete(`/api/folders/${encodeURIComponent(path)}`, { headers: origin });
}

test('dragging a message onto a folder moves it there', async ({ page, isMobile }) => {
  test.skip(isMobile, 'dragging rows is for a mouse');
  await signIn(page);
  const newest = (await apiPage(page, 'INBOX', 'limit=1')).messages[0]!;
  const row = list(page, 'INBOX').locator('li[aria-posinset="1"]');
  await expect(row).toContainText(newest.subject);
  const archive = page.getByRole('navigation', { name: 'Folders' }).getByRole('link', {
    name: /Archive/,
  });
  await row.dragTo(archive);
  await expect(page.getByRole('status').filter({ hasText: 'moved' })).toHaveText(
    '1 message moved to Archive.',
  );
  const archived = await apiPage(page, 'Archive', 'limit=200');
  expect(archived.messages.map((m) => m.subject)).toContain(newest.subject);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Undone' })).toBeVisible();
});

test('nested folders collapse, and stay collapsed after a reload', async ({ page, isMobile }) => {
  test.skip(isMobile, 'once is enough: the tree is the same in the drawer');
  await signIn(page);
  await createFolder(page, 'Clients');
  await createFolder(page, 'Acme', 'Clients');
  try {
    await page.reload();
    const tree = page.getByRole('navigation', { name: 'Folders' });
    await expect(tree.getByRole('link', { name: 'Acme' })).toBeVisible();
    await tree.getByRole('button', { name: 'Collapse Clients' }).click();
    await expect(tree.getByRole('link', { name: 'Acme' })).toHaveCount(0);
    await page.reload();
    await expect(tree.getByRole('link', { name: 'Clients' })).toBeVisible();
    await expect(tree.getByRole('link', { name: 'Acme' })).toHaveCount(0);
    await tree.getByRole('button', { name: 'Expand Clients' }).click();
    await expect(tree.getByRole('link', { name: 'Acme' })).toBeVisible();
  } finally {
    await deleteFolder(page, 'Clients/Acme');
    await deleteFolder(page, 'Clients');
  }
});

test('? shows the keyboard shortcuts, and Escape puts them away', async ({ page, isMobile }) => {
  test.skip(isMobile, 'keyboard shortcuts are for a keyboard');
  await signIn(page);
  await expect(list(page, 'INBOX').getByRole('listitem').first()).not.toHaveAttribute('aria-busy');
  await page.keyboard.press('?');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Archive');
  await expectAccessible(page);
  await page.keyboard.press('j'); // the list behind does not move while the sheet is open
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(list(page, 'INBOX').locator('li[aria-posinset="1"]')).toHaveAttribute(
    'data-cursor',
    'true',
  );
});

test('the folder pane resizes with the keyboard', async ({ page, isMobile }) => {
  test.skip(isMobile, 'a phone shows one pane at a time');
  await signIn(page);
  const edge = page.getByRole('separator', { name: 'Resize the folder list' });
  const before = Number(await edge.getAttribute('aria-valuenow'));
  await edge.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(edge).toHaveAttribute('aria-valuenow', String(before + 32));
  const aside = page.locator('aside');
  expect(Math.round((await aside.boundingBox())!.width)).toBe(before + 32);
  await page.keyboard.press('Home');
  await page.reload();
  await expect(edge).toHaveAttribute('aria-valuenow', '160');
  await edge.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(edge).toHaveAttribute('aria-valuenow', '160');
});

test('a long press starts choosing, and taps then add rows', async ({ page, isMobile }) => {
  test.skip(!isMobile, 'long-press is the touch layout');
  await signIn(page);
  const rows = list(page, 'INBOX');
  await expect(rows.locator('li[aria-posinset="2"]')).not.toHaveAttribute('aria-busy');
  const first = (await rows.locator('li[aria-posinset="1"]').boundingBox())!;
  const touch = await touchScreen(page);
  await touch.press(first.x + first.width / 2, first.y + first.height / 2, 800);
  const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
  await expect(toolbar).toContainText('1 selected');
  await rows.locator('li[aria-posinset="2"]').getByText(/./).first().tap();
  await expect(toolbar).toContainText('2 selected');
  await expect(rows.locator('li[aria-posinset="2"]').getByRole('checkbox')).toBeChecked();
  const box = (await toolbar.boundingBox())!;
  expect(box.height).toBeLessThan(100); // two lines at most on a 360 px phone
  await expectAccessible(page);
});

test('pulling the list down fetches new mail', async ({ page, isMobile }) => {
  test.skip(!isMobile, 'pull to refresh is the touch layout');
  await signIn(page);
  const before = (await apiPage(page, 'INBOX', 'limit=1')).messages[0]!;
  const first = list(page, 'INBOX').locator('li[aria-posinset="1"]');
  await expect(first).toContainText(before.subject);

  seed(testStack, { user: alice.email, count: 1, folder: 'INBOX', seed: 4242 }, () => {});
  let arrived = before;
  await expect
    .poll(async () => (arrived = (await apiPage(page, 'INBOX', 'limit=1')).messages[0]!).uid)
    .toBeGreaterThan(before.uid);

  const box = (await page.getByTestId('message-scroller').boundingBox())!;
  const touch = await touchScreen(page);
  await touch.drag(box.x + box.width / 2, box.y + 20, box.y + 260);
  await expect(first).toContainText(arrived.subject);
});
