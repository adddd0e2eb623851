/**
 * The Chromium side of the ONNX comparison: builds a folder with the two pages (ferryPage.ts with ferryml's
 * browser build bundled in; ortPage.ts with `onnxruntime-web/wasm` bundled in, its wasm under /ort/), the case's
 * pack and graphs, serves it on 127.0.0.1, and opens a page in a fresh browser context (no HTTP or code cache)
 * for each cold start.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FileSystemStorage, pack } from 'ferryml';
import type { Browser, Page } from 'playwright-core';
import { type FolderServer, serveFolder } from '../../../test/consumer/serveFolder.ts';
import { ROOT } from '../../../test/runtimes/build.ts';
import type { OrtPrecision } from '../ortPredictor.ts';
import { FERRY_ROOT, type OnnxCase } from '../reference.ts';
import { ORT_WASM } from '../workerd/bundle.ts';
import type { OnnxPage } from './harness.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Who a page runs. */
export type PageContender = 'ferry' | OrtPrecision;

/** Bundles the pages and copies the models into `dir`, then serves it (needs dist/browser: ensureBuilt()). */
export async function serveOnnxSite(dir: string, c: OnnxCase): Promise<FolderServer> {
  mkdirSync(join(dir, 'ort'), { recursive: true });
  for (const [entry, out] of [
    ['ferryPage.ts', 'ferry-page.js'],
    ['ortPage.ts', 'ort-page.js'],
  ] as const) {
    await build({
      entryPoints: [join(HERE, entry)],
      outfile: join(dir, out),
      bundle: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      minify: true,
      logLevel: 'error',
      plugins: [
        {
          name: 'ferryml-browser-build',
          setup(b) {
            b.onResolve({ filter: /^ferryml$/ }, () => ({ path: join(ROOT, 'dist/browser/index.js') }));
          },
        },
      ],
    });
    const name = out.replace('-page.js', '');
    writeFileSync(
      join(dir, `${name}.html`),
      `<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/${out}"></script>`,
    );
  }
  writeFileSync(join(dir, 'model.ferrypack'), await pack(new FileSystemStorage(FERRY_ROOT), c.name));
  for (const p of ['float32', 'float64'] as const)
    writeFileSync(join(dir, `model.${p}.onnx`), readFileSync(c.onnxPath(p)));
  copyFileSync(ORT_WASM, join(dir, 'ort', 'ort-wasm-simd-threaded.wasm'));
  return serveFolder(dir);
}

/** A page that has made its first prediction. */
export interface OpenedPage {
  readonly page: Page;
  readonly coldStartMs: number;
  close(): Promise<void>;
}

/** Opens `who`'s page in a fresh context and waits for its first prediction (of `c`'s first row). */
export async function openOnnxPage(
  browser: Browser,
  origin: string,
  who: PageContender,
  c: OnnxCase,
): Promise<OpenedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const row = encodeURIComponent(JSON.stringify(Array.from(c.x.subarray(0, c.features))));
  const path = who === 'ferry' ? 'ferry.html?' : `ort.html?precision=${who}&`;
  try {
    await page.goto(`${origin}/${path}features=${c.features}&row=${row}`);
    await page.waitForFunction(() => document.title !== 'loading', undefined, { timeout: 60_000 });
    const title = await page.title();
    if (title !== 'ready') throw new Error(`${who} page: ${title} ${errors.join('\n')}`);
    const coldStartMs = await page.evaluate(() => (globalThis.__onnxPage as OnnxPage).coldStartMs);
    return { page, coldStartMs, close: () => context.close() };
  } catch (error) {
    await context.close();
    throw error;
  }
}
