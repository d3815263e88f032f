/**
 * Watches a page for what a hostile message must never achieve: running script (alert, confirm,
 * prompt and print are hooked in every frame that can run script, dialogs are caught anyway),
 * navigating, opening windows, and requests that leave Tern's origin or that the message frame
 * makes for anything but the message's own parts.
 */
import type { Page, Request } from '@playwright/test';

const marker = 'TERN-XSS-MARKER';

/** Runs before any script of every frame; a frame whose script runs at all trips it. */
function hooks(marker: string) {
  for (const name of ['alert', 'confirm', 'prompt', 'print'] as const) {
    try {
      (window as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
        console.log(`${marker} ${name}(${String(args[0])}) in ${location.href}`);
        return null;
      };
    } catch {
      // a frame that will not take the hook still shows its dialogs
    }
  }
}

export interface XssWatch {
  /** Everything that went wrong, with the message open when it did. */
  violations: string[];
  /** Requests the browser refused itself (the frame's CSP): the sanitizer's second line. */
  refusedByCsp: string[];
  /** Names the message now open, for the report. */
  opened(name: string): void;
}

export async function watchForXss(page: Page, origin: string): Promise<XssWatch> {
  let current = '(before any message)';
  let opened = false;
  const watch: XssWatch = {
    violations: [],
    refusedByCsp: [],
    opened: (name) => {
      current = name;
      opened = true;
    },
  };
  const report = (what: string) => watch.violations.push(`${current}: ${what}`);
  await page.addInitScript(hooks, marker);
  page.on('console', (message) => {
    const text = message.text();
    if (text.includes(marker)) report(`script ran: ${text}`);
    else if (/Refused to (load|connect|frame|apply|execute)/.test(text))
      watch.refusedByCsp.push(`${current}: ${text.slice(0, 200)}`);
  });
  page.on('dialog', (dialog) => {
    report(`a ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
  page.on('popup', (popup) => report(`a window opened: ${popup.url()}`));
  page.on('framenavigated', (frame) => {
    const url = frame.url();
    if (frame === page.mainFrame()) {
      // Signing in goes through /login; once messages open, the page stays where it is.
      if (opened && !url.startsWith(`${origin}/mail/`)) report(`the page navigated to ${url}`);
    } else if (url !== 'about:srcdoc' && url !== 'about:blank')
      report(`a frame navigated to ${url}`);
  });
  page.on('request', (request: Request) => {
    const url = request.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (!url.startsWith(`${origin}/`)) return report(`a request left Tern: ${url}`);
    const fromMessage = request.frame() !== page.mainFrame();
    if (fromMessage && !/\/api\/folders\/[^/]+\/messages\/\d+\/parts\/[\d.]+\?inline=1$/.test(url))
      report(`the message frame requested ${url}`);
  });
  return watch;
}
