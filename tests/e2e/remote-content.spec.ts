/**
 * Remote content: blocked until the reader asks, then loaded through Tern's image proxy only;
 * the browser itself never talks to the sender's server.
 */
import { createServer, type Server } from 'node:http';
import { expect, test } from '@playwright/test';
import { deliverRaw } from '../../scripts/stack/seed.ts';
import { alice, e2eImageServerPort, testServerEnv, testStack } from '../support/test-stack.ts';
import { list, signIn } from './support.ts';

const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const appOrigin = testServerEnv().TERN_PUBLIC_URL!;
let server: Server;
const hits: string[] = [];

test.beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'image/png' }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(e2eImageServerPort, '127.0.0.1', resolve));
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function newsletter(sender: string, subject: string): Buffer {
  return Buffer.from(
    [
      `From: News <${sender}>`,
      `To: ${alice.email}`,
      `Subject: ${subject}`,
      'Date: Tue, 03 Mar 2026 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      '',
      `<p>Hello</p><img alt="banner" src="http://127.0.0.1:${e2eImageServerPort}/${subject}.png">`,
      '',
    ].join('\r\n'),
  );
}

test('remote images stay blocked until shown, then come through the proxy', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the same banner serves both layouts');
  const subject = `remote-${Date.now()}`;
  deliverRaw(testStack, alice.email, 'Newsletters', [
    { raw: newsletter('news@tern.test', subject) },
  ]);
  const offOrigin: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== appOrigin) offOrigin.push(request.url());
  });
  await signIn(page, '/mail/Newsletters');
  await list(page, 'Newsletters').getByText(subject).click();
  const pane = page.getByRole('article', { name: 'Message' });
  await expect(pane.getByText('Remote content blocked (1)')).toBeVisible();
  const frame = pane.frameLocator('iframe');
  await expect(frame.getByText('Hello')).toBeVisible();
  expect(hits.filter((h) => h.includes(subject))).toEqual([]);

  await pane.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(pane.getByText(/Remote content blocked/)).toHaveCount(0);
  await expect
    .poll(() =>
      frame
        .getByRole('img', { name: 'banner' })
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(1);
  expect(hits.filter((h) => h.includes(subject))).toHaveLength(1);
  expect(offOrigin).toEqual([]);
});

test('always showing remote content from a sender is remembered', async ({ page, isMobile }) => {
  test.skip(isMobile, 'the same banner serves both layouts');
  const subject = `trusted-${Date.now()}`;
  deliverRaw(testStack, alice.email, 'Newsletters', [
    { raw: newsletter('weekly@tern.test', `${subject}-1`) },
    { raw: newsletter('weekly@tern.test', `${subject}-2`) },
  ]);
  await signIn(page, '/mail/Newsletters');
  await list(page, 'Newsletters').getByText(`${subject}-1`).click();
  const pane = page.getByRole('article', { name: 'Message' });
  await pane.getByRole('button', { name: 'Always show from weekly@tern.test' }).click();
  await expect(pane.getByText(/Remote content blocked/)).toHaveCount(0);

  await list(page, 'Newsletters').getByText(`${subject}-2`).click();
  await expect(pane.getByRole('heading', { name: `${subject}-2` })).toBeVisible();
  await expect.poll(() => hits.filter((h) => h.includes(`${subject}-2`)).length).toBe(1);
  await expect(pane.getByText(/Remote content blocked/)).toHaveCount(0);
});
