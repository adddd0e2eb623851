/**
 * Debian's Chromium driven by playwright-core (never `playwright install`), with the flags of the
 * project's headless setup, and a page per test module served from 127.0.0.1.
 */
import { type Browser, chromium, type Page } from 'playwright-core';
import { EXECUTABLES } from './availability.ts';
import type { StaticServer } from './server.ts';

/** Launches headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: EXECUTABLES.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a page at `<origin>/<name>.html` that imports the bundled module `/bundles/<bundle>`
 * (which imports `ferryml` from /dist/browser/index.js) and waits until the module has run.
 * Page errors and console errors are collected into `errors`, other console messages into `logs`.
 */
export async function openModulePage(
  browser: Browser,
  server: StaticServer,
  name: string,
  bundle: string,
): Promise<{ page: Page; errors: string[]; logs: string[] }> {
  server.page(
    `/${name}.html`,
    `<!doctype html><meta charset="utf-8"><title>${name}</title>
<script type="module">
  import * as mod from '/bundles/${bundle}';
  globalThis.__ferryTest = mod;
  document.title = 'ready';
</script>`,
  );
  const page = await browser.newPage();
  const errors: string[] = [];
  const logs: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    else logs.push(m.text());
  });
  await page.goto(`${server.origin}/${name}.html`);
  try {
    await page.waitForFunction(() => document.title === 'ready', undefined, { timeout: 30_000 });
  } catch (error) {
    throw new Error(`${name}.html did not finish loading /bundles/${bundle}: ${errors.join('\n') || String(error)}`);
  }
  return { page, errors, logs };
}
