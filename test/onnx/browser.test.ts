/**
 * The README table's model (bench/onnx TABLE_CASE: StandardScaler + LogisticRegression on breast_cancer) in
 * Chromium, as the benchmark runs it: the Ferry page (ferryml's browser build, the dump as a pack) and the two
 * onnxruntime-web pages (onnxruntime-web/wasm, the float32 and float64 graphs) each answer scikit-learn's
 * probabilities and labels on all 569 rows, within tolerances.ts. Chromium from 127.0.0.1; skipped loudly without
 * it, a failure under CI=true.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { compareOutputs } from '../../bench/onnx/predictor.ts';
import { loadCase, TABLE_CASE } from '../../bench/onnx/reference.ts';
import type { OnnxPage } from '../../bench/onnx/web/harness.ts';
import { openOnnxPage, serveOnnxSite } from '../../bench/onnx/web/site.ts';
import type { FolderServer } from '../consumer/serveFolder.ts';
import { requireRuntime } from '../runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { launchChromium } from '../runtimes/chromium.ts';
import { checkAgreement } from './tolerances.ts';

const c = loadCase(TABLE_CASE);
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'onnx-web-test-'));
let server: FolderServer | undefined;
let browser: Browser | undefined;

after(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`bench/onnx in Chromium: ${c.name}`, () => {
  before(async () => {
    await ensureBuilt();
  });
  for (const who of ['ferry', 'float32', 'float64'] as const) {
    it(`${who === 'ferry' ? 'Ferry' : `onnxruntime-web, ${who} graph`}: scikit-learn's outputs on ${c.rows} rows`, async (t) => {
      if (!requireRuntime(t, 'chromium')) return;
      server ??= await serveOnnxSite(dir, c);
      browser ??= await launchChromium();
      const page = await openOnnxPage(browser, server.origin, who, c);
      try {
        const out = await page.page.evaluate(([x, rows]) => (globalThis.__onnxPage as OnnxPage).run(x, rows), [
          Array.from(c.x),
          c.rows,
        ] as const);
        const got = { labels: Float64Array.from(out.labels), values: Float64Array.from(out.values), cols: out.cols };
        checkAgreement('Chromium', who, c, compareOutputs(got, c.expected, c.rows));
      } finally {
        await page.close();
      }
    });
  }
});
