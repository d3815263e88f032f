/** Search: the box with chips and suggestions, results that open, the URL that keeps it. */
import { expect, test, type Page } from '@playwright/test';
import type { SearchPage } from '@/lib/mail/types';
import { apiPage, expectAccessible, signIn } from './support.ts';

async function apiSearch(page: Page, q: string, folder = 'INBOX'): Promise<SearchPage> {
  const params = new URLSearchParams({ q, folder, limit: '5' });
  const response = await page.request.get(`/api/search?${params.toString()}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as SearchPage;
}

const results = (page: Page) => page.getByRole('list', { name: /^Search results/ });

test('a query with a chip finds mail, opens a result, and Back returns to the results', async ({
  page,
}) => {
  await signIn(page);
  const newest = (await apiPage(page, 'INBOX', 'limit=1')).messages[0]!;
  const sender = newest.from[0]!.address;
  const word = newest.subject.split(/\s+/).find((w) => /^[A-Za-z]{4,}$/.test(w))!;
  const expected = await apiSearch(page, `from:${sender} ${word}`);
  expect(expected.total).toBeGreaterThan(0);

  const box = page.getByRole('combobox', { name: 'Search mail' });
  // The key works once the page is interactive (its scripts have run); until then it is a no-op.
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(box).toBeFocused({ timeout: 500 });
  }).toPass();
  await box.pressSequentially('fro');
  // The operator is offered as the user types, and taken with Enter.
  await expect(page.getByRole('option', { name: /^from:/ })).toBeVisible();
  await box.press('ArrowDown');
  await box.press('Enter');
  await expect(box).toHaveValue('from:');
  await box.pressSequentially(`${sender} `);
  const terms = page.getByRole('list', { name: 'Search terms' });
  await expect(terms.getByRole('listitem')).toHaveCount(1);
  await expect(terms).toContainText(`from:${sender}`);
  await expect(box).toHaveValue('');
  await box.pressSequentially(word);
  await box.press('Enter');

  await expect(page).toHaveURL(/[?&]q=/);
  await expect(page.getByRole('heading', { name: 'Search results' })).toBeVisible();
  const rows = results(page).getByRole('listitem');
  await expect(rows.first()).toContainText(expected.messages[0]!.subject);
  await expect(page.getByRole('status').filter({ hasText: /found in Inbox/ })).toContainText(
    `${expected.total.toLocaleString('en')} `,
  );
  await expectAccessible(page);

  await rows.first().click();
  await expect(page).toHaveURL(/[?&]m=\d+/);
  await expect(
    page.getByRole('article', { name: 'Message' }).getByRole('heading', {
      name: expected.messages[0]!.subject,
    }),
  ).toBeVisible();
  await page.goBack();
  await expect(page).not.toHaveURL(/[?&]m=/);
  await expect(rows.first()).toContainText(expected.messages[0]!.subject);
  await expect(terms).toContainText(`from:${sender}`);

  // Reload keeps the search; removing the chip searches again without it.
  await page.reload();
  await expect(results(page).getByRole('listitem').first()).toContainText(
    expected.messages[0]!.subject,
  );
  await page.getByRole('button', { name: `Remove from:${sender}` }).click();
  await expect(page.getByRole('list', { name: 'Search terms' })).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}$`));
});

test('a search in all folders names each result’s folder, and opens one from another folder', async ({
  page,
}) => {
  await signIn(page);
  const expected = await apiSearch(page, 'in:all');
  expect(expected.total).toBeGreaterThan(0);
  const box = page.getByRole('combobox', { name: 'Search mail' });
  await box.fill('in:all');
  await box.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /found in all folders/ })).toBeVisible();
  const first = results(page).getByRole('listitem').first();
  await expect(first).toContainText(expected.messages[0]!.subject);
  const folderName =
    expected.messages[0]!.folder === 'INBOX' ? 'Inbox' : expected.messages[0]!.folder;
  await expect(first).toContainText(folderName);
  await first.click();
  await expect(
    page.getByRole('article', { name: 'Message' }).getByRole('heading', {
      name: expected.messages[0]!.subject,
    }),
  ).toBeVisible();
  await expectAccessible(page);
});

test('a mistake in the query is shown where it is, and nothing is searched', async ({ page }) => {
  await signIn(page);
  const box = page.getByRole('combobox', { name: 'Search mail' });
  await box.fill('report before:2024-13-01');
  await box.press('Enter');
  await expect(
    page.getByRole('alert').filter({ hasText: 'There is no date 2024-13-01' }),
  ).toContainText('(at character 15)');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  expect(await box.evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(14);
  await expect(page).not.toHaveURL(/[?&]q=/);
});

test('the filter panel builds the same query without typing', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Search options' }).click();
  const panel = page.getByRole('form', { name: 'Search options' });
  await panel.getByLabel('Subject').fill('big plan');
  await panel.getByLabel('Unread').check();
  await panel.getByLabel('Search in').selectOption('all');
  await expectAccessible(page);
  await panel.getByRole('button', { name: 'Search' }).click();
  const terms = page.getByRole('list', { name: 'Search terms' });
  await expect(terms).toContainText('subject:"big plan"');
  await expect(terms).toContainText('is:unread');
  await expect(terms).toContainText('in:all');
  await expect(page).toHaveURL(/[?&]q=subject%3A%22big(\+|%20)plan%22/);
});

test('results from several folders can be chosen and starred together', async ({ page }) => {
  await signIn(page);
  const box = page.getByRole('combobox', { name: 'Search mail' });
  await box.fill('-is:flagged in:all');
  await box.press('Enter');
  const rows = results(page).getByRole('listitem');
  await expect(rows.nth(1)).not.toHaveAttribute('aria-busy');
  await rows.nth(0).getByRole('checkbox').check();
  await rows.nth(1).getByRole('checkbox').check();
  const toolbar = page.getByRole('toolbar', { name: 'Selected messages' });
  await expect(toolbar).toContainText('2 selected');
  await toolbar.getByRole('button', { name: 'Star', exact: true }).click();
  for (const n of [0, 1])
    await expect(rows.nth(n).getByRole('button', { name: /^Star:/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  await toolbar.getByRole('button', { name: 'Unstar' }).click();
  for (const n of [0, 1])
    await expect(rows.nth(n).getByRole('button', { name: /^Star:/ })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
  await page.keyboard.press('Escape');
  await expect(toolbar).toHaveCount(0);
});
