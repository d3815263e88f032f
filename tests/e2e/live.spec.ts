/**
 * Live updates in the browser: mail delivered through Postfix and changes made by another IMAP
 * client show in every open tab without a reload (one tab holds the event stream and relays it
 * to the other), the unread count follows, and the page says when it is offline or reconnecting.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import nodemailer from 'nodemailer';
import type { FolderList } from '../../lib/mail/types.ts';
import { withOtherClient } from '../support/imap-append.ts';
import { alice, testStack } from '../support/test-stack.ts';
import { apiPage, expectAccessible, list, signIn } from './support.ts';

const subjectPrefix = 'Live e2e';

async function deliver(subject: string, from = '"Lou Sender" <lou@example.com>') {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: testStack.ports.smtp,
    secure: false,
    ignoreTLS: true,
  });
  await transport.sendMail({
    from,
    to: alice.email,
    subject,
    text: 'Sent while the page was open.',
  });
}

/** Another mail client, changing the INBOX behind Tern's back. */
function inOtherClient(
  subject: string,
  change: (uid: string, client: OtherClient) => Promise<unknown>,
) {
  return withOtherClient(alice, async (client) => {
    await client.mailboxOpen('INBOX');
    const found = await client.search({ subject }, { uid: true });
    const uid = found ? found[0] : undefined;
    expect(uid, `"${subject}" in the INBOX`).toBeDefined();
    await change(String(uid), client);
  });
}
type OtherClient = Parameters<Parameters<typeof withOtherClient>[1]>[0];

async function inboxUnseen(page: Page): Promise<number> {
  const response = await page.request.get('/api/folders');
  const { folders } = (await response.json()) as FolderList;
  return folders.find((f) => f.path === 'INBOX')!.unseen;
}

/** Waits for the INBOX's first rows. */
async function openInbox(page: Page) {
  const rows = list(page, 'INBOX');
  await expect(rows.locator('li[aria-posinset="1"]')).not.toHaveAttribute('aria-busy');
  return rows;
}

/** The INBOX open in two tabs of one browser: the first holds the event stream, once it opened. */
async function twoTabs(page: Page, context: BrowserContext) {
  const streamed = page.waitForResponse((r) => r.url().includes('/api/events'));
  await signIn(page);
  // The first tab to take the stream's lock keeps it: the second opens only once this one has.
  await streamed;
  const other = await context.newPage();
  await other.goto('/mail/INBOX');
  await openInbox(page);
  const otherRows = await openInbox(other);
  return { other, otherRows };
}

const row = (page: Page, subject: string) =>
  list(page, 'INBOX').getByRole('listitem').filter({ hasText: subject });

test.afterAll(async () => {
  await withOtherClient(alice, async (client) => {
    await client.mailboxOpen('INBOX');
    const uids = await client.search({ subject: subjectPrefix }, { uid: true });
    if (uids && uids.length > 0) await client.messageDelete(uids.join(','), { uid: true });
  });
});

test.describe('two tabs', () => {
  test.skip(
    ({ isMobile }) => isMobile,
    'tabs side by side are a desktop habit; the phone checks the status',
  );

  test('new mail shows at once in both, keeping each one’s place and selection', async ({
    page,
    context,
  }) => {
    const { other, otherRows } = await twoTabs(page, context);
    const unseen = await inboxUnseen(page);

    // In the first tab a message is chosen; in the second the list is scrolled down five rows.
    const [, chosen, , , , top] = (await apiPage(page, 'INBOX', 'limit=6')).messages;
    const second = list(page, 'INBOX').locator('li[aria-posinset="2"]');
    await expect(second).toContainText(chosen!.subject);
    await second.getByRole('checkbox').check();
    await expect(page.getByRole('toolbar', { name: 'Selected messages' })).toContainText(
      '1 selected',
    );
    const scroller = other.getByTestId('message-scroller');
    await scroller.evaluate((element) => (element.scrollTop = 5 * 64));
    await expect(otherRows.locator('li[aria-posinset="6"]')).toContainText(top!.subject);

    const subject = `${subjectPrefix} arrival ${Date.now()}`;
    await deliver(subject);

    await expect(list(page, 'INBOX').locator('li[aria-posinset="1"]')).toContainText(subject, {
      timeout: 15_000,
    });
    await expect(otherRows.locator('li[aria-posinset="1"]')).toContainText(subject);
    // The first tab's choice stayed on its message, now one row lower.
    const moved = list(page, 'INBOX').locator('li[aria-posinset="3"]');
    await expect(moved).toContainText(chosen!.subject);
    await expect(moved.getByRole('checkbox')).toBeChecked();
    await expect(page.getByRole('toolbar', { name: 'Selected messages' })).toContainText(
      '1 selected',
    );
    // The second tab still shows the same rows where they were.
    await expect(otherRows.locator('li[aria-posinset="7"]')).toContainText(top!.subject);
    expect(await scroller.evaluate((element) => element.scrollTop)).toBe(6 * 64);

    // The unread count follows, in the folder tree and the tab's title.
    for (const tab of [page, other]) {
      const inbox = tab.getByRole('navigation', { name: 'Folders' }).getByRole('link', {
        name: /^Inbox/,
      });
      await expect(inbox).toHaveText(new RegExp(`^Inbox\\s*${unseen + 1} unread$`));
      await expect(tab).toHaveTitle(new RegExp(`^\\(${unseen + 1}\\) Inbox`));
    }
  });

  test('flags and deletions made in another mail client show in both', async ({
    page,
    context,
  }) => {
    const { other } = await twoTabs(page, context);
    const subject = `${subjectPrefix} elsewhere ${Date.now()}`;
    await deliver(subject);
    await expect(row(page, subject)).toBeVisible({ timeout: 15_000 });
    await expect(row(other, subject)).toBeVisible();

    // The second tab opens it the moment it arrived (the server syncs its connection for it).
    await row(other, subject).getByText(subject).click();
    const pane = other.getByRole('article', { name: 'Message' });
    await expect(pane.getByRole('heading', { name: subject })).toBeVisible();

    await inOtherClient(subject, (uid, client) =>
      client.messageFlagsAdd(uid, ['\\Flagged'], { uid: true }),
    );
    for (const tab of [page, other])
      await expect(
        row(tab, subject).getByRole('button', { name: `Star: ${subject}` }),
      ).toHaveAttribute('aria-pressed', 'true');
    await expect(
      other.getByRole('article', { name: 'Message' }).getByRole('button', { name: 'Star' }),
    ).toHaveAttribute('aria-pressed', 'true');

    const before = await page.getByRole('button', { name: /^Select all/ }).textContent();
    await inOtherClient(subject, (uid, client) => client.messageDelete(uid, { uid: true }));
    for (const tab of [page, other]) await expect(row(tab, subject)).toHaveCount(0);
    const total = Number(before!.replace(/\D/g, ''));
    await expect(page.getByRole('button', { name: /^Select all/ })).toHaveText(
      `Select all ${(total - 1).toLocaleString('en-US')}`,
    );
    await expect(other.getByRole('article', { name: 'Message' })).toContainText(
      'This message is no longer in Inbox',
    );
    await expectAccessible(other);
  });
});

test('the header says when the page is offline or reconnecting', async ({ page, context }) => {
  const streamed = page.waitForResponse((r) => r.url().includes('/api/events'));
  await signIn(page);
  await openInbox(page);
  await streamed;
  const status = page.getByRole('banner').getByRole('status');
  await expect(status).toHaveText('');

  await context.setOffline(true);
  await expect(status).toContainText('Offline.');
  await expectAccessible(page);

  // Back online, but the stream is refused for a while: it keeps trying, and says so.
  await page.route('**/api/events**', (route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'imap_unavailable', message: 'down for the test' } }),
    }),
  );
  await context.setOffline(false);
  await expect(status).toContainText('Reconnecting…');
  await expectAccessible(page);

  await page.unroute('**/api/events**');
  await expect(status).toHaveText('', { timeout: 15_000 });
});

test('a desktop notification, when turned on, tells of new INBOX mail and opens it', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'desktop notifications');
  // A stand-in for the browser's notifications, recording what would show.
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body?: string; open: () => void }> = [];
    class StandIn {
      static permission: NotificationPermission = 'default';
      static requestPermission() {
        StandIn.permission = 'granted';
        return Promise.resolve(StandIn.permission);
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, body: options?.body, open: () => this.onclick?.() });
      }
      close() {}
    }
    Object.assign(window, { Notification: StandIn, shownNotifications: shown });
  });
  await signIn(page, '/mail/Archive');
  await page.getByRole('button', { name: 'Settings' }).click();
  const setting = page.getByRole('checkbox', { name: /desktop notification/ });
  await expect(setting).not.toBeChecked();
  await setting.check();
  await expect(setting).toBeChecked();
  await page.keyboard.press('Escape');

  const subject = `${subjectPrefix} notice ${Date.now()}`;
  await deliver(subject, '"Nora Notify" <nora@example.com>');
  const shown = () =>
    page.evaluate(() =>
      (
        window as unknown as { shownNotifications: Array<{ title: string; body?: string }> }
      ).shownNotifications.map(({ title, body }) => ({ title, body })),
    );
  await expect.poll(shown, { timeout: 15_000 }).toEqual([{ title: 'Nora Notify', body: subject }]);

  await page.evaluate(() =>
    (
      window as unknown as { shownNotifications: Array<{ open: () => void }> }
    ).shownNotifications[0]!.open(),
  );
  await expect(page).toHaveURL(/\/mail\/INBOX\?m=\d+$/);
  await expect(page.getByRole('article', { name: 'Message' })).toContainText(subject);
});
