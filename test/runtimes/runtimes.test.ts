/**
 * Every storage adapter in its own runtime: the conformance cases against DenoStorage in Deno,
 * BunStorage in Bun and IndexedDbStorage in Chromium (each importing ferryml from the BUILT package),
 * the IndexedDB quota and one-transaction dump, and the bundles' imports (no `node:` in the browser
 * and Deno builds).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CaseResult } from '../conformance/cases.ts';
import { storageCases } from '../conformance/cases.ts';
import { EXECUTABLES, type OtherRuntime, requireRuntime, unavailableReason } from './availability.ts';
import { ensureBuilt, ROOT } from './build.ts';
import { bundleScript, distImport } from './bundle.ts';
import { launchChromium, openModulePage } from './chromium.ts';
import { type StaticServer, startStaticServer } from './server.ts';
import { runJson } from './spawn.ts';

type BrowserModule = typeof import('./browser/conformance.ts');
declare const __ferryTest: BrowserModule;

before(() => ensureBuilt());

/** Registers one test per conformance case over results that `collect` produces once. */
function conformanceSuite(title: string, runtime: OtherRuntime, collect: () => Promise<CaseResult[]>): void {
  describe(title, () => {
    let results: Promise<CaseResult[]> | undefined;
    const get = (): Promise<CaseResult[]> => {
      results ??= collect();
      return results;
    };
    for (const c of storageCases) {
      it(c.name, async (t: TestContext) => {
        if (!requireRuntime(t, runtime)) return;
        const r = (await get()).find((x) => x.name === c.name);
        assert.ok(r, `no result for "${c.name}"`);
        assert.ok(r.ok, r.error);
        assert.ok(!r.skipped, 'the case was skipped');
      });
    }
  });
}

conformanceSuite('StorageAdapter conformance: DenoStorage in Deno', 'deno', () =>
  runJson<CaseResult[]>(EXECUTABLES.deno, [
    'run',
    '--config',
    join(ROOT, 'test/runtimes/deno/deno.json'),
    '--allow-read',
    '--allow-write',
    '--allow-env',
    join(ROOT, 'test/runtimes/deno/conformance.ts'),
  ]),
);

conformanceSuite('StorageAdapter conformance: BunStorage in Bun', 'bun', async () => {
  const script = await bundleScript(
    'test/runtimes/bun/conformance.ts',
    'bun-conformance.js',
    distImport(join(ROOT, 'dist'), 'bun'),
    'node',
  );
  return runJson<CaseResult[]>(EXECUTABLES.bun, [script]);
});

describe('IndexedDbStorage in Chromium', () => {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];

  before(async () => {
    if (unavailableReason('chromium') !== null) return;
    await ensureBuilt();
    await bundleScript(
      'test/runtimes/browser/conformance.ts',
      'browser-conformance.js',
      distImport('/dist', 'browser'),
      'browser',
    );
    server = await startStaticServer();
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await openModulePage(browser, server, 'conformance', 'browser-conformance.js'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const withPage = (t: TestContext): Page | undefined => {
    if (!requireRuntime(t, 'chromium')) return undefined;
    assert.ok(page, `the page did not open: ${pageErrors.join('\n')}`);
    return page;
  };

  for (const [label, fn] of [
    ['16 MiB chunks', 'runConformance'],
    ['1 KiB chunks', 'runConformanceSmallChunks'],
  ] as const) {
    it(`passes every conformance case (${label})`, async (t) => {
      const p = withPage(t);
      if (!p) return;
      const results = await p.evaluate((name) => __ferryTest[name](), fn);
      assert.deepEqual(
        results.map((r) => r.name),
        storageCases.map((c) => c.name),
      );
      const failed = results.filter((r) => !r.ok);
      assert.deepEqual(failed, []);
      if (fn === 'runConformance') assert.ok(results.every((r) => !r.skipped));
    });
  }

  it('a write over the quota is a StorageQuotaError and keeps nothing of its transaction', async (t) => {
    if (!withPage(t) || !browser || !server) return;
    // A fresh page (its own browser context) so that no earlier usage figure is cached for the origin.
    const { page: q } = await openModulePage(browser, server, 'quota', 'browser-conformance.js');
    const cdp = await q.context().newCDPSession(q);
    const origin = server.origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 4 * 1024 * 1024 });
    try {
      const r = await q.evaluate((bytes) => __ferryTest.overQuota(bytes), 32 * 1024 * 1024);
      assert.equal(r.code, 'FERRY_STORAGE_QUOTA', JSON.stringify(r));
      assert.equal(r.name, 'StorageQuotaError');
      assert.ok(r.kept, 'the earlier value was lost');
      assert.deepEqual(r.keys, ['small'], 'a part of the failed writeMany was kept');
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await q.context().close();
    }
  });

  it('saves and reads back a 512 MB dump in one transaction', async (t) => {
    const p = withPage(t);
    if (!p) return;
    const r = await p.evaluate(() => __ferryTest.bigDump(4, 128));
    console.log(`IndexedDB 512 MB dump: writeMany ${r.writeMs.toFixed(0)} ms, read ${r.readMs.toFixed(0)} ms`);
    assert.ok(r.ok, 'the bytes read back differ');
  });
});

describe('built bundles', () => {
  before(() => ensureBuilt());
  for (const runtime of ['browser', 'deno']) {
    it(`the ${runtime} bundle imports nothing from node: (esbuild metafile)`, () => {
      const meta = JSON.parse(readFileSync(join(ROOT, `dist/${runtime}/meta.json`), 'utf8')) as {
        inputs: Record<string, { imports: { path: string }[] }>;
        outputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
      };
      const outputs = Object.values(meta.outputs);
      assert.ok(outputs.length > 0);
      const imports = outputs.flatMap((o) => o.imports.map((i) => i.path));
      assert.deepEqual(
        imports.filter((p) => p.startsWith('node:') || ['fs', 'path', 'crypto', 'os'].includes(p)),
        [],
      );
      const inputs = Object.entries(meta.inputs).flatMap(([file, i]) => i.imports.map((x) => `${file} → ${x.path}`));
      assert.deepEqual(
        inputs.filter((x) => x.includes('node:')),
        [],
      );
      assert.deepEqual(
        Object.keys(meta.inputs).filter((f) => f.includes('node_modules/')),
        [],
        'no package is bundled in (ferryml has no runtime dependency)',
      );
    });
  }
});
