/**
 * Writing and sending in the browser, against the real Postfix and Dovecot: a message with
 * attachments (chosen and dropped) reaches another user byte for byte, replies and forwards carry
 * the right recipients, subject, threading and attachments, Undo keeps everything and sends
 * nothing, an address that is not one blocks the send, an expired session asks for the password
 * in place, and a Tern server killed mid-sentence loses nothing (IndexedDB, then Drafts).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { base64Lines, png } from '../support/encoders.ts';
import { appendRaw, withOtherClient } from '../support/imap-append.ts';
import { alice, bob, e2ePort, testServerEnv } from '../support/test-stack.ts';
import { startTern, waitUntilListening } from '../../scripts/tern-process.ts';
import { apiPage, expectAccessible, list, signIn } from './support.ts';

type OtherClient = Parameters<Parameters<typeof withOtherClient>[1]>[0];
type User = { email: string; password: string };
interface Part {
  part?: string;
  type: string;
  dispositionParameters?: Record<string, string>;
  parameters?: Record<string, string>;
  childNodes?: Part[];
}
interface Found {
  uid: number;
  count: number;
  flags: Set<string>;
  source: string;
  attachments: Map<string, Buffer>;
}

/** A subject nobody else uses: this test, this project, this run. */
function subjectFor(what: string): string {
  return `Compose e2e ${what} ${test.info().project.name} ${Date.now().toString(36)}`;
}

async function readPart(client: OtherClient, uid: number, part: string): Promise<Buffer> {
  const download = await client.download(String(uid), part, { uid: true });
  const chunks: Buffer[] = [];
  for await (const chunk of download.content as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function attachedParts(node: Part | undefined, found: Part[] = []): Part[] {
  if (!node) return found;
  const name = node.dispositionParameters?.filename ?? node.parameters?.name;
  if (name && node.part) found.push(node);
  for (const child of node.childNodes ?? []) attachedParts(child, found);
  return found;
}

/** The newest message in a folder whose subject contains `subject`, as another client sees it. */
async function findMail(user: User, folder: string, subject: string): Promise<Found | undefined> {
  return withOtherClient(user, async (client) => {
    await client.mailboxOpen(folder);
    const uids = (await client.search({ subject }, { uid: true })) || [];
    const uid = uids.at(-1);
    if (uid === undefined) return undefined;
    const message = await client.fetchOne(
      String(uid),
      { source: true, flags: true, bodyStructure: true },
      { uid: true },
    );
    if (!message) return undefined;
    const attachments = new Map<string, Buffer>();
    for (const part of attachedParts(message.bodyStructure)) {
      const name = part.dispositionParameters?.filename ?? part.parameters?.name ?? '';
      attachments.set(name, await readPart(client, uid, part.part!));
    }
    return {
      uid,
      count: uids.length,
      flags: message.flags ?? new Set(),
      source: message.source?.toString('utf8') ?? '',
      attachments,
    };
  });
}

async function waitForMail(user: User, folder: string, subject: string): Promise<Found> {
  let found: Found | undefined;
  await expect
    .poll(async () => (found = await findMail(user, folder, subject)) !== undefined, {
      message: `"${subject}" in ${user.email}'s ${folder}`,
      timeout: 20_000,
    })
    .toBe(true);
  return found!;
}

/** The composer on screen (a panel, or the whole screen on a phone). */
function composer(page: Page): Locator {
  return page.locator('section[data-composer]');
}

async function openNewMessage(page: Page): Promise<Locator> {
  // Rows are drawn only once the page has hydrated: a click before that would be lost.
  await expect(
    page
      .getByRole('list', { name: /^Messages in / })
      .locator('li:not([aria-busy])')
      .first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'New message' }).click();
  const panel = composer(page);
  await expect(panel.getByRole('combobox', { name: 'To' })).toBeFocused();
  return panel;
}

async function addRecipient(panel: Locator, address: string, field = 'To') {
  const input = panel.getByRole('combobox', { name: field });
  await input.fill(address);
  await input.press('Enter');
  await expect(panel.getByRole('list', { name: `Recipients in ${field}` })).toContainText(
    address.split('@')[0]!,
  );
}

async function writeBody(panel: Locator, text: string) {
  const body = panel.getByRole('textbox', { name: 'Message body' });
  await body.click();
  await body.pressSequentially(text);
}

/** The Undo wait, shortened for tests that are not about it. */
async function undoSeconds(page: Page, seconds: number) {
  await page.addInitScript(
    (value) => localStorage.setItem('tern.compose.undoSendSeconds', value),
    String(seconds),
  );
}

const toasts = (page: Page) => page.getByRole('status', { name: 'Sending' });

/** Discards the message on screen, its draft with it. */
async function discard(panel: Locator) {
  await panel.getByRole('button', { name: 'Discard' }).click();
  await panel
    .getByRole('group', { name: 'Discard this message?' })
    .getByRole('button', { name: 'Discard' })
    .click();
  await expect(panel).toHaveCount(0);
}

/** Drops files on an element the way a file manager does (a DataTransfer with Files). */
async function dropFiles(
  target: Locator,
  files: Array<{ name: string; type: string; text: string }>,
) {
  const transfer = await target.page().evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const f of list) data.items.add(new File([f.text], f.name, { type: f.type }));
    return data;
  }, files);
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}

test('a message with attachments, chosen and dropped, reaches the recipient byte for byte', async ({
  page,
}) => {
  const subject = subjectFor('attachments');
  const chosen = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
  await undoSeconds(page, 1);
  await signIn(page);
  const panel = await openNewMessage(page);
  await addRecipient(panel, bob.email);
  await panel.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await writeBody(panel, 'Two files for you.');
  await panel.locator('input[type=file]').setInputFiles({
    name: 'chosen.bin',
    mimeType: 'application/octet-stream',
    buffer: chosen,
  });
  await dropFiles(panel, [
    { name: 'dropped.txt', type: 'text/plain', text: 'dropped text, ünïcode' },
  ]);
  const tray = panel.getByRole('region', { name: 'Attachments' });
  await expect(tray.getByRole('listitem')).toHaveCount(2);
  await expect(tray.getByRole('progressbar')).toHaveCount(0); // both uploaded
  await expect(tray).toContainText('of 25 MB attached');
  await expect(panel.getByRole('status')).toContainText('Saved to Drafts', { timeout: 15_000 });
  await expectAccessible(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(page.viewportSize()!.width);

  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(composer(page)).toHaveCount(0);
  await expect(toasts(page)).toContainText('Message sent.', { timeout: 20_000 });

  const received = await waitForMail(bob, 'INBOX', subject);
  expect(received.source).toContain('Two files for you.');
  expect(received.source).toMatch(/^From: .*alice@tern\.test/m);
  expect(received.source).not.toMatch(/^Bcc:/m);
  expect(received.attachments.get('chosen.bin')?.equals(chosen)).toBe(true);
  expect(received.attachments.get('dropped.txt')?.toString('utf8')).toBe('dropped text, ünïcode');
  const sent = await waitForMail(alice, 'Sent', subject);
  expect(sent.flags.has('\\Seen')).toBe(true);
  expect(await findMail(alice, 'Drafts', subject)).toBeUndefined();
});

test('an address that is not one is marked and blocks sending', async ({ page }) => {
  const subject = subjectFor('invalid');
  await signIn(page);
  const panel = await openNewMessage(page);
  const to = panel.getByRole('combobox', { name: 'To' });
  // A paste of several: one good, one broken.
  await to.focus();
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement!.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, `"Bob" <${bob.email}>, carl@`);
  const chips = panel.getByRole('list', { name: 'Recipients in To' });
  await expect(chips.getByRole('button', { name: /^Bob/ })).toBeVisible();
  const broken = chips.getByRole('button', { name: /^carl@ ?, not a valid address, edit$/ });
  await expect(broken).toHaveAttribute('data-invalid', 'true');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(panel).toContainText('carl@ is not an email address (name@example.com)');
  await expect(broken).toHaveAccessibleDescription(/is not an email address/);
  await panel.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await expectAccessible(page);

  await panel.getByRole('textbox', { name: 'Subject' }).press('Control+Enter');
  await expect(panel.getByRole('alert')).toContainText('Fix or remove the addresses marked');
  await expect(composer(page)).toBeVisible();
  await expect(toasts(page)).not.toContainText('Sending');
  await expect(to).toBeFocused();

  // Clicking the chip puts it back to be corrected.
  await broken.click();
  await expect(to).toHaveValue('carl@');
  await to.fill(`${alice.email}`);
  await to.press('Enter');
  await expect(to).not.toHaveAttribute('aria-invalid');
  await discard(panel);
});

test('Undo brings the message back whole, and nothing is sent', async ({ page }) => {
  const subject = subjectFor('undo');
  await signIn(page);
  const panel = await openNewMessage(page);
  await addRecipient(panel, bob.email);
  await panel.getByRole('button', { name: 'Cc', exact: true }).click();
  await addRecipient(panel, alice.email, 'Cc');
  await panel.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await writeBody(panel, 'Second thoughts.');
  await panel.getByRole('textbox', { name: 'Message body' }).press('Control+Enter');

  await expect(composer(page)).toHaveCount(0);
  await expect(toasts(page)).toContainText(/Sending in \d s/);
  await expect(toasts(page)).toContainText('Undo');
  await expectAccessible(page);
  await toasts(page).getByRole('button', { name: 'Undo' }).click();

  const back = composer(page);
  await expect(back.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
  await expect(back.getByRole('list', { name: 'Recipients in To' })).toContainText('bob@tern.test');
  await expect(back.getByRole('list', { name: 'Recipients in Cc' })).toContainText(
    'alice@tern.test',
  );
  await expect(back.getByRole('textbox', { name: 'Message body' })).toContainText(
    'Second thoughts.',
  );
  // Well past the countdown: nothing went out.
  await page.waitForTimeout(7000);
  expect(await findMail(bob, 'INBOX', subject)).toBeUndefined();

  if (test.info().project.name === 'desktop') {
    // Minimised, the list and the reading pane stay usable, and the words stay.
    await back.getByRole('button', { name: 'Minimise' }).click();
    const [newest] = (await apiPage(page, 'INBOX', 'limit=1')).messages;
    await list(page, 'INBOX').locator('li[aria-posinset="1"]').click();
    await expect(page.getByRole('article', { name: 'Message' })).toContainText(newest!.subject);
    if (!newest!.flags.includes('\\Seen')) {
      // Opening marked it read: as it was, for the specs after this one.
      const unread = await page.request.patch('/api/folders/INBOX/messages', {
        data: { uids: [newest!.uid], remove: ['\\Seen'] },
        headers: { origin: new URL(page.url()).origin },
      });
      expect(unread.status()).toBe(200);
    }
    await page.getByRole('button', { name: /open the composer/ }).click();
    await expect(composer(page).getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
  }
  await discard(composer(page));
  await expect.poll(() => findMail(alice, 'Drafts', subject), { timeout: 10_000 }).toBeUndefined();
});

/**
 * A message from bob in alice's INBOX to answer: a Message-ID, an HTML body showing an image of
 * its own (cid:), and an attachment.
 */
async function originalFromBob(subject: string, messageId: string) {
  const raw = [
    `From: Bob <${bob.email}>`,
    `To: Alice <${alice.email}>`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: multipart/related; boundary="r1"',
    '',
    '--r1',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>The original words.</p><p><img src="cid:dot@tern.test" alt="a dot"></p>',
    '--r1',
    'Content-Type: image/png; name="dot.png"',
    'Content-ID: <dot@tern.test>',
    'Content-Disposition: inline; filename="dot.png"',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(png),
    '--r1--',
    '--b1',
    'Content-Type: text/csv; name="figures.csv"',
    'Content-Disposition: attachment; filename="figures.csv"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('year,total\n2026,42\n').toString('base64'),
    '--b1--',
    '',
  ].join('\r\n');
  const { uids } = await appendRaw(alice, 'INBOX', [Buffer.from(raw)]);
  expect(uids[0]).toBeGreaterThan(0);
}

/** Takes the original out of alice's INBOX again: the specs after this one count on its top rows. */
async function removeFromInbox(subject: string) {
  await withOtherClient(alice, async (client) => {
    await client.mailboxOpen('INBOX');
    const uids = (await client.search({ subject }, { uid: true })) || [];
    if (uids.length > 0) await client.messageDelete(uids, { uid: true });
  });
}

async function openInInbox(page: Page, subject: string) {
  await page.goto('/mail/INBOX');
  await list(page, 'INBOX').getByRole('listitem').filter({ hasText: subject }).first().click();
  // The HTML body shows in its sandboxed frame.
  await expect(
    page.getByRole('article', { name: 'Message' }).frameLocator('iframe').locator('body'),
  ).toContainText('The original words.');
}

test('a reply and a forward carry recipients, subject, threading, quote and attachments', async ({
  page,
}) => {
  const phone = test.info().project.name === 'phone';
  const subject = subjectFor('reply');
  const messageId = `<${Date.now().toString(36)}.${test.info().project.name}@tern.test>`;
  await originalFromBob(subject, messageId);
  try {
    await undoSeconds(page, 1);
    await signIn(page);
    await openInInbox(page, subject);

    // Reply: r on a keyboard, the button under the message on a phone.
    if (phone)
      await page
        .getByRole('group', { name: 'Respond' })
        .getByRole('button', { name: 'Reply', exact: true })
        .click();
    else await page.keyboard.press('r');
    const reply = composer(page);
    await expect(reply.getByRole('heading', { name: 'Reply' })).toBeVisible();
    await expect(reply.getByRole('list', { name: 'Recipients in To' })).toContainText('Bob');
    await expect(reply.getByRole('textbox', { name: 'Subject' })).toHaveValue(`Re: ${subject}`);
    await expect(reply.getByRole('textbox', { name: 'Message body' })).toContainText(
      'The original words.',
    );
    // The quoted image stays, shown from the original's part.
    await expect(
      reply.getByRole('textbox', { name: 'Message body' }).locator('img[src^="/api/folders/"]'),
    ).toHaveCount(1);
    await expectAccessible(page);
    await reply.getByRole('textbox', { name: 'Message body' }).pressSequentially('Agreed. ');
    await reply.getByRole('textbox', { name: 'Message body' }).press('Control+Enter');
    await expect(toasts(page)).toContainText('Message sent.', { timeout: 20_000 });

    const answered = await waitForMail(bob, 'INBOX', `Re: ${subject}`);
    expect(answered.source).toMatch(
      new RegExp(`^In-Reply-To: ${messageId.replace(/[.]/g, '\\.')}`, 'm'),
    );
    expect(answered.source).toMatch(/^References: .*</m);
    expect(answered.source).toContain('Agreed.');
    // ...and goes out as a part of the reply, referred to by its Content-ID.
    const unfolded = answered.source.replace(/=\r?\n/g, ''); // quoted-printable soft breaks
    expect(unfolded).toMatch(/<img[^>]+src=(3D)?"cid:/);
    expect(answered.source).toMatch(/^Content-Type: image\/png/m);
    await expect
      .poll(async () => (await findMail(alice, 'INBOX', subject))?.flags.has('\\Answered'), {
        timeout: 10_000,
      })
      .toBe(true);

    // Forward, inline: nobody chosen yet, the original's attachment carried over by the server.
    await openInInbox(page, subject);
    if (phone)
      await page
        .getByRole('group', { name: 'Respond' })
        .getByRole('button', { name: 'Forward', exact: true })
        .click();
    else await page.keyboard.press('f');
    const forward = composer(page);
    await expect(forward.getByRole('heading', { name: 'Forward' })).toBeVisible();
    await expect(forward.getByRole('textbox', { name: 'Subject' })).toHaveValue(`Fwd: ${subject}`);
    await expect(forward.getByRole('region', { name: 'Attachments' })).toContainText('figures.csv');
    await expect(forward.getByRole('combobox', { name: 'To' })).toBeFocused();
    await addRecipient(forward, bob.email);
    await forward.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(toasts(page)).toContainText('Message sent.', { timeout: 20_000 });

    const forwarded = await waitForMail(bob, 'INBOX', `Fwd: ${subject}`);
    expect(forwarded.source).toContain('The original words.');
    expect(forwarded.attachments.get('figures.csv')?.toString()).toBe('year,total\n2026,42\n');
    await expect
      .poll(async () => (await findMail(alice, 'INBOX', subject))?.flags.has('$Forwarded'), {
        timeout: 10_000,
      })
      .toBe(true);
  } finally {
    await removeFromInbox(subject);
  }
});

test('an expired session asks for the password in place, and every field stays', async ({
  page,
  context,
}) => {
  const subject = subjectFor('reauth');
  await signIn(page);
  const panel = await openNewMessage(page);
  await addRecipient(panel, bob.email);
  await panel.getByRole('textbox', { name: 'Subject' }).fill(subject);
  await writeBody(panel, 'Written before the session ended.');

  await context.clearCookies(); // the session cookie is gone: the next save meets a 401
  const dialog = page.getByRole('dialog', { name: 'Sign in again' });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByLabel('Email address')).toHaveValue(alice.email);
  await expect(dialog.getByLabel('Email address')).toHaveAttribute('readonly');
  await expectAccessible(page);
  await dialog.getByLabel('Password').fill(alice.password);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();

  await expect(page).toHaveURL(/\/mail\/INBOX$/); // never sent to the login page
  await expect(panel.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
  await expect(panel.getByRole('textbox', { name: 'Message body' })).toContainText(
    'Written before the session ended.',
  );
  await expect(panel.getByRole('status')).toContainText('Saved to Drafts', { timeout: 15_000 });
  await waitForMail(alice, 'Drafts', subject);
  await discard(panel);
});

test.describe('a restart of the Tern server', () => {
  test.skip(
    ({ isMobile }) => isMobile,
    'the server, not the layout, is under test: once is enough',
  );

  test('killed mid-sentence and started again: after a reload the text is still there', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const port = e2ePort + 7;
    const env = { ...testServerEnv(), TERN_PUBLIC_URL: `http://127.0.0.1:${port}` };
    const subject = subjectFor('restart');
    let tern = startTern(port, env);
    try {
      await waitUntilListening(tern);
      await page.goto(`${tern.url}/login?next=%2Fmail%2FINBOX`);
      await page.getByLabel('Email address').fill(alice.email);
      await page.getByLabel('Password').fill(alice.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page).toHaveURL(/\/mail\/INBOX$/);
      const panel = await openNewMessage(page);
      await addRecipient(panel, bob.email);
      await panel.getByRole('textbox', { name: 'Subject' }).fill(subject);
      await writeBody(panel, 'Every word of this survives.');
      // In IndexedDB at once, before any save to Drafts could have run.
      await expect
        .poll(() =>
          page.evaluate(
            (wanted) =>
              new Promise<boolean>((resolve) => {
                const open = indexedDB.open('tern-compose');
                open.onsuccess = () => {
                  const all = open.result.transaction('drafts').objectStore('drafts').getAll();
                  all.onsuccess = () =>
                    resolve(
                      (
                        all.result as Array<{
                          fields: { subject: string; body: { html?: string } };
                        }>
                      ).some(
                        (r) =>
                          r.fields.subject === wanted && r.fields.body.html?.includes('survives'),
                      ),
                    );
                };
                open.onerror = () => resolve(false);
              }),
            subject,
          ),
        )
        .toBe(true);
      process.kill(tern.pid, 'SIGKILL');
      await tern.exitCode;

      tern = startTern(port, env);
      await waitUntilListening(tern);
      await page.reload();
      const back = composer(page);
      await expect(back.getByRole('textbox', { name: 'Subject' })).toHaveValue(subject);
      await expect(back.getByRole('list', { name: 'Recipients in To' })).toContainText(bob.email);
      await expect(back.getByRole('textbox', { name: 'Message body' })).toContainText(
        'Every word of this survives.',
      );
      // Saving to Drafts resumes on its own.
      await expect(back.getByRole('status')).toContainText('Saved to Drafts', { timeout: 15_000 });
      const draft = await waitForMail(alice, 'Drafts', subject);
      expect(draft.count).toBe(1);
      expect(draft.source).toContain('Every word of this survives.');
      await discard(back);
      await expect
        .poll(() => findMail(alice, 'Drafts', subject), { timeout: 10_000 })
        .toBeUndefined();
    } finally {
      await tern.stop();
    }
  });
});
