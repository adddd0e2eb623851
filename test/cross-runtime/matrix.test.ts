/**
 * The cross-runtime matrix: the Neuraxle seed pipeline is fitted and saved in each of Node, Deno, Bun
 * and Chromium (each with its natural storage: FileSystemStorage, DenoStorage, BunStorage,
 * IndexedDbStorage), the dump's bytes are carried to each of the four, written into that runtime's
 * storage and loaded there: 16 pairs, every one predicting bit-identically. Outside Node the scripts
 * import ferryml from the BUILT package (dist/); Node runs the built dist/node too.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { EXECUTABLES, type OtherRuntime, requireRuntime, unavailableReason } from '../runtimes/availability.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { bundleScript, distImport } from '../runtimes/bundle.ts';
import { launchChromium, openModulePage } from '../runtimes/chromium.ts';
import { type StaticServer, startStaticServer } from '../runtimes/server.ts';
import { runJson } from '../runtimes/spawn.ts';
import type { DumpFiles, MatrixJob, MatrixResult, Prediction } from './seedJob.ts';

type Name = 'node' | OtherRuntime;
const RUNTIMES: readonly Name[] = ['node', 'deno', 'bun', 'chromium'];
const EXPECTED: Record<Name, { storage: string; detected: string }> = {
  node: { storage: 'FileSystemStorage', detected: 'node' },
  deno: { storage: 'DenoStorage', detected: 'deno' },
  bun: { storage: 'BunStorage', detected: 'bun' },
  chromium: { storage: 'IndexedDbStorage', detected: 'browser' },
};
declare const __ferryTest: typeof import('./browserRunner.ts');

let browser: Browser | undefined;
let server: StaticServer | undefined;
let page: Page | undefined;
let pageErrors: string[] = [];
const runners = new Map<Name, (job: MatrixJob) => Promise<MatrixResult>>();

const available = (r: Name): boolean => r === 'node' || unavailableReason(r) === null;

before(async () => {
  await ensureBuilt();
  const nodeScript = await bundleScript(
    'test/cross-runtime/processRunner.ts',
    'matrix-node.js',
    distImport(join(ROOT, 'dist'), 'node'),
    'node',
  );
  runners.set('node', (job) => runJson(process.execPath, [nodeScript], JSON.stringify(job)));
  if (available('deno')) {
    const config = join(ROOT, 'test/runtimes/deno/deno.json');
    const script = join(ROOT, 'test/cross-runtime/denoRunner.ts');
    const args = ['run', '--config', config, '--allow-read', '--allow-write', '--allow-env', script];
    runners.set('deno', (job) => runJson(EXECUTABLES.deno, args, JSON.stringify(job)));
  }
  if (available('bun')) {
    const bunScript = await bundleScript(
      'test/cross-runtime/processRunner.ts',
      'matrix-bun.js',
      distImport(join(ROOT, 'dist'), 'bun'),
      'node',
    );
    runners.set('bun', (job) => runJson(EXECUTABLES.bun, [bunScript], JSON.stringify(job)));
  }
  if (available('chromium')) {
    await bundleScript(
      'test/cross-runtime/browserRunner.ts',
      'matrix-browser.js',
      distImport('/dist', 'browser'),
      'browser',
    );
    server = await startStaticServer();
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await openModulePage(browser, server, 'matrix', 'matrix-browser.js'));
    const p = page;
    runners.set('chromium', (job) => p.evaluate((j) => __ferryTest.runJob(j), job));
  }
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Phase 1 (each runtime saves), then phase 2 (each loads every dump); run once, lazily. */
let matrix: Promise<{ saved: Map<Name, MatrixResult>; loaded: Map<Name, MatrixResult> }> | undefined;
function runMatrix(): Promise<{ saved: Map<Name, MatrixResult>; loaded: Map<Name, MatrixResult> }> {
  matrix ??= (async () => {
    const names = RUNTIMES.filter((r) => runners.has(r));
    const saved = new Map<Name, MatrixResult>();
    await Promise.all(
      names.map(async (r) => {
        saved.set(r, await (runners.get(r) as (job: MatrixJob) => Promise<MatrixResult>)({ save: true }));
      }),
    );
    const dumps: Record<string, DumpFiles> = {};
    for (const [r, res] of saved) dumps[r] = res.saved as DumpFiles;
    const loaded = new Map<Name, MatrixResult>();
    await Promise.all(
      names.map(async (r) => {
        loaded.set(r, await (runners.get(r) as (job: MatrixJob) => Promise<MatrixResult>)({ load: dumps }));
      }),
    );
    return { saved, loaded };
  })();
  return matrix;
}

function need(t: TestContext, ...rs: Name[]): boolean {
  for (const r of rs) if (r !== 'node' && !requireRuntime(t, r)) return false;
  if (rs.includes('chromium')) assert.ok(page, `the matrix page did not open: ${pageErrors.join('\n')}`);
  return true;
}

/** Float64 values from the hex of their little-endian bytes. */
function float64s(hex: string): number[] {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return [...new Float64Array(b.buffer)];
}

describe('seed pipeline: saved in each runtime, loaded in each (16 pairs)', () => {
  for (const r of RUNTIMES) {
    it(`${r} saves the dump with its natural storage (${EXPECTED[r].storage})`, async (t) => {
      if (!need(t, r)) return;
      const res = (await runMatrix()).saved.get(r) as MatrixResult;
      assert.equal(res.runtime, EXPECTED[r].detected);
      assert.equal(res.storage, EXPECTED[r].storage);
      assert.deepEqual(Object.keys(res.saved ?? {}).sort(), [
        'saved_pipeline_name/IdentityWithQueue/IdentityWithQueue.ferry',
        'saved_pipeline_name/LogisticRegression/LogisticRegression.ferry',
        'saved_pipeline_name/OutputTransformerWrapper/OutputTransformerWrapper.ferry',
        'saved_pipeline_name/OutputTransformerWrapper/Ravel/Ravel.ferry',
        'saved_pipeline_name/TrainOnlyWrapper/DataShuffler/DataShuffler.ferry',
        'saved_pipeline_name/TrainOnlyWrapper/TrainOnlyWrapper.ferry',
        'saved_pipeline_name/saved_pipeline_name.ferry',
      ]);
    });
  }

  it('every runtime writes byte-identical dump files', async (t) => {
    if (!need(t, ...RUNTIMES)) return;
    const { saved } = await runMatrix();
    const node = saved.get('node')?.saved as DumpFiles;
    for (const r of RUNTIMES) assert.deepEqual(saved.get(r)?.saved, node, `${r}'s dump differs from Node's`);
  });

  for (const from of RUNTIMES) {
    for (const to of RUNTIMES) {
      it(`saved in ${from}, loaded in ${to}: bit-identical predictions`, async (t) => {
        if (!need(t, from, to)) return;
        const { loaded } = await runMatrix();
        const res = loaded.get(to) as MatrixResult;
        assert.equal(res.storage, EXPECTED[to].storage, `${to} loaded through ${res.storage}`);
        const got = res.predictions[from] as Prediction;
        const reference = loaded.get('node')?.predictions.node as Prediction;
        assert.equal(got.loadedClass, 'Pipeline');
        assert.equal(got.labels, reference.labels, 'labels differ');
        assert.equal(got.proba, reference.proba, 'probabilities differ');
        assert.equal(got.params, reference.params, 'coefficients differ');
        // The training rows (grid points 0, 1, 2, 3) are predicted back to their labels.
        const labels = float64s(got.labels);
        assert.deepEqual([labels[1], labels[4], labels[6], labels[8]], [0, 2, 4, 6]);
        const proba = float64s(got.proba);
        assert.equal(proba.length, 11 * 4);
        for (let i = 0; i < 11; i++) {
          const row = proba.slice(4 * i, 4 * i + 4);
          assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12, `row ${i} sums to 1`);
        }
      });
    }
  }
});
