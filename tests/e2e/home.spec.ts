import { expect, test } from '@playwright/test';
import { expectAccessible } from './support';

test.describe('home page', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`shows Tern and a connected mail server (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto('/');
      await expect(page.getByRole('heading', { name: 'Tern' })).toBeVisible();
      await expect(page.getByText('Mail server connected')).toBeVisible();
      await expect(page.getByText('127.0.0.1:20143 (starttls)')).toBeVisible();
      await expectAccessible(page);
    });
  }

  test('fits the viewport without horizontal scrolling', async ({ page }) => {
    await page.goto('/');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  test('answers unknown pages with a readable 404', async ({ page }) => {
    const response = await page.goto('/no/such/page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to Tern' }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL('/');
  });
});

test('the health API reports the server in JSON', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { imap: { capabilities: string[] } };
  expect(body.imap.capabilities).toContain('IMAP4rev1');
});
