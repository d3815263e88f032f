/**
 * Debian's Chromium, never a downloaded browser, with flags that keep it off this closed network:
 * the end-to-end tests and the benchmarks that drive a browser launch it alike.
 */
export const debianChromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
