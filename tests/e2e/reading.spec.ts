/** Reading mail: opening from the list by click, tap or keyboard, and back to the list. */
import { expect, test } from '@playwright/test';
import { deliverRaw } from '../../scripts/stack/seed.ts';
import { alice, testStack } from '../support/test-stack.ts';
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

test('attachments: an image opens in a viewer, and all of them download as one zip', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same list serves both layouts');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ).toString('base64');
  const raw = [
    'From: Bob <bob@tern.test>',
    `To: ${alice.email}`,
    'Subject: Photos and the invoice',
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Two attachments.',
    '--b',
    'Content-Type: image/png; name="beach.png"',
    'Content-Disposition: attachment; filename="beach.png"',
    'Content-Transfer-Encoding: base64',
    '',
    png,
    '--b',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    '',
    '%PDF-1.4 not really',
    '--b--',
    '',
  ].join('\r\n');
  deliverRaw(testStack, alice.email, 'Attachments', [{ raw: Buffer.from(raw) }]);
  await signIn(page, '/mail/Attachments');
  await list(page, 'Attachments').locator('li[aria-posinset="1"]').click();
  const attachments = page.getByRole('region', { name: 'Attachments' });
  await attachments.getByRole('button', { name: /beach\.png/ }).click();
  const viewer = page.getByRole('dialog', { name: 'Image: beach.png' });
  await expect(viewer.getByRole('img', { name: 'beach.png' })).toBeVisible();
  await expectAccessible(page);
  await viewer.getByRole('button', { name: 'Close' }).click();

  const zipHref = await attachments
    .getByRole('link', { name: /Download all \(2\)/ })
    .getAttribute('href');
  const zip = await page.request.get(zipHref!);
  expect(zip.headers()['content-type']).toBe('application/zip');
  const bytes = await zip.body();
  expect(bytes.includes(Buffer.from('invoice.pdf'))).toBe(true);
  expect(bytes.includes(Buffer.from('beach.png'))).toBe(true);
});

test('a conversation is listed above the open message, and its messages open from there', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same list serves both layouts');
  const tag = `conv-${Date.now()}`;
  const mail = (id: string, subject: string, day: number, parent?: string) => ({
    raw: Buffer.from(
      [
        'From: Ann <ann@tern.test>',
        `To: ${alice.email}`,
        `Subject: ${subject}`,
        `Message-ID: <${tag}-${id}@tern.test>`,
        ...(parent ? [`In-Reply-To: <${tag}-${parent}@tern.test>`] : []),
        `Date: ${day} Mar 2026 10:00:00 +0000`,
        '',
        `Words of ${id}.`,
        '',
      ].join('\r\n'),
    ),
  });
  deliverRaw(testStack, alice.email, 'Conversations', [
    mail('a', `${tag} plan`, 3),
    mail('b', `Re: ${tag} plan`, 4, 'a'),
  ]);
  await signIn(page, '/mail/Conversations');
  await list(page, 'Conversations').getByText(`Re: ${tag} plan`).click();
  const conversation = page.getByRole('list', { name: 'Conversation', exact: true });
  await expect(conversation.getByRole('button')).toHaveCount(2);
  await conversation
    .getByRole('button', { name: new RegExp(`^Ann.*${tag} plan`) })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: `${tag} plan`, exact: true })).toBeVisible();
});

test('a long message is cut at 2 MB; Show all loads the rest, with progress and readable errors', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same notice serves both layouts');
  test.setTimeout(90_000);
  // 2.6 MB in 64,000 lines.
  const words = 'All work and no play makes a long mail.\r\n'.repeat(64_000);
  const raw = [
    'From: Jack <jack@tern.test>',
    `To: ${alice.email}`,
    'Subject: A very long letter',
    'Date: Tue, 03 Mar 2026 10:00:00 +0000',
    'Content-Type: text/plain; charset=utf-8',
    '',
    words,
    'The very end.',
    '',
  ].join('\r\n');
  deliverRaw(testStack, alice.email, 'Long', [{ raw: Buffer.from(raw) }]);
  await signIn(page, '/mail/Long');
  await list(page, 'Long').locator('li[aria-posinset="1"]').click();
  const pane = page.getByRole('article', { name: 'Message' });
  // Laying out 2 MB of text takes the browser a while.
  await expect(
    pane.getByText('This message is long; Tern shows the first 2 MB of it.'),
  ).toBeVisible({ timeout: 20_000 });
  await expect(pane.getByText(/The very end\./)).toHaveCount(0);

  // The first try is slow and then fails: progress shows, then why, and the cut text stays.
  const whole = /\/messages\/\d+\?full=1$/;
  await page.route(whole, async (route) => {
    await new Promise((done) => setTimeout(done, 1500));
    await route.fulfill({
      status: 503,
      json: { error: { code: 'imap_unavailable', message: 'The mail server is not answering.' } },
    });
  });
  await pane.getByRole('button', { name: 'Show all' }).click();
  await expect(pane.getByRole('status')).toHaveText('Loading the whole message…');
  await expect(pane.getByRole('alert')).toHaveText(
    'The whole message could not be loaded: The mail server is not answering.Try again',
  );
  await expect(pane.getByText(/^All work and no play/)).toBeVisible();
  await expectAccessible(page);

  await page.unroute(whole);
  await pane.getByRole('button', { name: 'Try again' }).click();
  await expect(pane.getByText(/The very end\.\s*$/)).toBeVisible({ timeout: 20_000 });
  await expect(pane.getByText(/Tern shows the first/)).toHaveCount(0);
  await expect(pane.getByRole('alert')).toHaveCount(0);
});
