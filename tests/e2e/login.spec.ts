/** Signing in and out in Chromium, on desktop and on a 360 px phone, with mouse, touch or keyboard. */
import { expect, test, type Page } from '@playwright/test';
import { alice } from '../support/test-stack.ts';
import { expectAccessible } from './support.ts';

async function fillLogin(page: Page, password: string) {
  await page.getByLabel('Email address').fill(alice.email);
  await page.getByLabel('Password').fill(password);
}

test('signing in lands in the inbox, signing out returns to the login page', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });

  const response = await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  await expect(page.getByRole('heading', { name: 'Sign in to Tern' })).toBeVisible();
  await expectAccessible(page);

  await fillLogin(page, alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(page.getByText(alice.email)).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/mail/INBOX');
  await expect(page).toHaveURL(/\/login$/);
  expect(cspErrors).toEqual([]);
});

test('a wrong password says so, keeps the address, and focuses the password', async ({ page }) => {
  await page.goto('/login');
  await fillLogin(page, 'not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-problem')).toHaveText('Wrong email address or password.');
  await expect(page.getByLabel('Email address')).toHaveValue(alice.email);
  await expect(page.getByLabel('Password')).toBeFocused();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
});

test('empty fields are explained before anything is sent', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-problem')).toHaveText('Enter your email address.');
  await expect(page.getByLabel('Email address')).toBeFocused();
});

test('a signed-out visit to a folder comes back to it after signing in', async ({ page }) => {
  await page.goto('/mail/Archive');
  await expect(page).toHaveURL(/\/login\?next=%2Fmail%2FArchive$/);
  await fillLogin(page, alice.password);
  await page.getByLabel('Password').press('Enter');
  await expect(page).toHaveURL(/\/mail\/Archive$/);
  await expect(page.getByRole('heading', { name: 'Archive' })).toBeVisible();
});

test('a crafted return address never leaves Tern', async ({ page }) => {
  await page.goto('/login?next=//evil.example/steal');
  await fillLogin(page, alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/mail\/INBOX$/);
});

test('signing in with the keyboard alone', async ({ page }) => {
  await page.goto('/login');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email address')).toBeFocused();
  await page.keyboard.type(alice.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(alice.password);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Keep me signed in')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mail\/INBOX$/);

  // "Keep me signed in" makes the cookie outlive the browser session.
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'tern-session');
  expect(session?.expires).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
  expect(session?.httpOnly).toBe(true);
});

test('the login page fits a 360 px screen without sideways scrolling', async ({ page }) => {
  await page.goto('/login');
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a page whose session ended elsewhere goes to the login page, and comes back', async ({
  page,
}) => {
  await page.goto('/login?next=%2Fmail%2FArchive');
  await fillLogin(page, alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/mail\/Archive$/);
  // Signed out in another tab: this one notices when it is next looked at.
  const out = await page.request.delete('/api/session', {
    headers: { 'content-type': 'application/json', origin: new URL(page.url()).origin },
    data: {},
  });
  expect(out.status()).toBe(204);
  // (If the page's own check already noticed, it is navigating away and this has nothing to do.)
  await page
    .evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    .catch(() => undefined);
  await expect(page).toHaveURL(/\/login\?next=%2Fmail%2FArchive$/);
});
