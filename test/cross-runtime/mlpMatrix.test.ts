/**
 * The cross-runtime matrix, MLP half: the MXNet seed's MLP (256-256-1, relu, Normal(σ=1) kernels;
 * portable seeded weights, tfjs's cpu backend) is saved in each of Node, Deno, Bun and Chromium three
 * ways through Ferry's format (a Pipeline with a TfjsModelStep, `saveParameters`, `ferryHandler`),
 * each runtime with its natural storage; the dump's bytes are carried to each of the four, written
 * into that runtime's storage (IndexedDB filled from the bytes in Chromium) and loaded the three ways:
 * 16 pairs, each predicting bit for bit what the saving runtime predicted before it saved. Outside
 * Node's tsx the scripts run the BUILT package (dist/<runtime>/index.js + tfjs.js).
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
import { MLP_INPUTS, MLP_ROWS, mlpRows, mlpWeights } from './mlpData.ts';
import type { MlpFiles, MlpJob, MlpOutputs, MlpResult, MlpSaved } from './mlpJob.ts';

type Name = 'node' | OtherRuntime;
const RUNTIMES: readonly Name[] = ['node', 'deno', 'bun', 'chromium'];
const EXPECTED: Record<Name, { storage: string; detected: string }> = {
  node: { storage: 'FileSystemStorage', detected: 'node' },
  deno: { storage: 'DenoStorage', detected: 'deno' },
  bun: { storage: 'BunStorage', detected: 'bun' },
  chromium: { storage: 'IndexedDbStorage', detected: 'browser' },
};
const WAYS = ['pipeline', 'params', 'handler'] as const;
declare const __ferryTest: typeof import('./mlpBrowserRunner.ts');

let browser: Browser | undefined;
let server: StaticServer | undefined;
let page: Page | undefined;
let pageErrors: string[] = [];
const runners = new Map<Name, (job: MlpJob) => Promise<MlpResult>>();

const available = (r: Name): boolean => r === 'node' || unavailableReason(r) === null;

before(async () => {
  await ensureBuilt();
  // tfjs is a peer of the built package: left as an import that Node and Bun resolve from node_modules.
  const external = ['@tensorflow/*'];
  const nodeScript = await bundleScript(
    'test/cross-runtime/mlpProcessRunner.ts',
    'mlp-node.js',
    distImport(join(ROOT, 'dist'), 'node'),
    'node',
    { external },
  );
  runners.set('node', (job) => runJson(process.execPath, [nodeScript], JSON.stringify(job)));
  if (available('deno')) {
    // No --config: Deno then finds package.json and takes @tensorflow/tfjs from node_modules.
    const map = join(ROOT, 'test/runtimes/deno/deno.json');
    const script = join(ROOT, 'test/cross-runtime/mlpDenoRunner.ts');
    const args = ['run', '--import-map', map, '--allow-read', '--allow-write', '--allow-env', script];
    runners.set('deno', (job) => runJson(EXECUTABLES.deno, args, JSON.stringify(job), 120_000, ROOT));
  }
  if (available('bun')) {
    const bunScript = await bundleScript(
      'test/cross-runtime/mlpProcessRunner.ts',
      'mlp-bun.js',
      distImport(join(ROOT, 'dist'), 'bun'),
      'node',
      { external },
    );
    runners.set('bun', (job) => runJson(EXECUTABLES.bun, [bunScript], JSON.stringify(job)));
  }
  if (available('chromium')) {
    // The page gets the built dist/browser files and tfjs bundled in (it cannot resolve bare imports);
    // the wasm backend, imported only when picked, stays out.
    await bundleScript(
      'test/cross-runtime/mlpBrowserRunner.ts',
      'mlp-browser.js',
      distImport(join(ROOT, 'dist'), 'browser'),
      'browser',
      { inlineFerry: true, external: ['@tensorflow/tfjs-backend-wasm'] },
    );
    server = await startStaticServer();
    browser = await launchChromium();
    ({ page, errors: pageErrors } = await openModulePage(browser, server, 'mlp', 'mlp-browser.js'));
    const p = page;
    runners.set('chromium', (job) => p.evaluate((j) => __ferryTest.runJob(j), job));
  }
});
after(async () => {
  await browser?.close();
  await server?.close();
});

interface Matrix {
  readonly saved: Map<Name, MlpResult>;
  readonly loaded: Map<Name, MlpResult>;
}

/** Phase 1 (each runtime saves), then phase 2 (each loads every dump); run once, lazily. */
let matrix: Promise<Matrix> | undefined;
function runMatrix(): Promise<Matrix> {
  matrix ??= (async () => {
    const names = RUNTIMES.filter((r) => runners.has(r));
    const run = (r: Name, job: MlpJob) => (runners.get(r) as (job: MlpJob) => Promise<MlpResult>)(job);
    const saved = new Map<Name, MlpResult>();
    await Promise.all(names.map(async (r) => saved.set(r, await run(r, { save: true }))));
    const dumps: Record<string, MlpFiles> = {};
    for (const [r, res] of saved) dumps[r] = (res.saved as MlpSaved).files;
    const loaded = new Map<Name, MlpResult>();
    await Promise.all(names.map(async (r) => loaded.set(r, await run(r, { load: dumps }))));
    return { saved, loaded };
  })();
  return matrix;
}

/** What runtime `r` saved (its phase-1 result must hold a dump). */
function savedBy(saved: Map<Name, MlpResult>, r: Name): MlpSaved {
  const s = saved.get(r)?.saved;
  assert.ok(s, `${r} returned no saved dump`);
  return s;
}

function need(t: TestContext, ...rs: Name[]): boolean {
  for (const r of rs) if (r !== 'node' && !requireRuntime(t, r)) return false;
  if (rs.includes('chromium')) assert.ok(page, `the MLP page did not open: ${pageErrors.join('\n')}`);
  return true;
}

/** Float32 values from the hex of their little-endian bytes. */
function float32s(hex: string): number[] {
  const b = new Uint8Array(hex.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return [...new Float32Array(b.buffer)];
}

/**
 * Independent reference: the forward pass in float64 over the same weights and inputs, with the sum
 * of the absolute terms of every output (the scale of float32's rounding error).
 */
function referenceForward(x: Float32Array, rows: number): { y: number[]; scale: number[] } {
  const w = mlpWeights();
  const y: number[] = [];
  const scale: number[] = [];
  for (let r = 0; r < rows; r++) {
    let h = Array.from(x.subarray(r * MLP_INPUTS, (r + 1) * MLP_INPUTS));
    let mag = h.map(Math.abs);
    for (let l = 0; l < 3; l++) {
      const k = w[2 * l];
      const b = w[2 * l + 1];
      const [nIn, nOut] = k.shape;
      const next: number[] = [];
      const nextMag: number[] = [];
      for (let j = 0; j < nOut; j++) {
        let s = b.values[j];
        let m = Math.abs(b.values[j]);
        for (let i = 0; i < nIn; i++) {
          s += h[i] * k.values[i * nOut + j];
          m += mag[i] * Math.abs(k.values[i * nOut + j]);
        }
        next.push(l < 2 ? Math.max(0, s) : s);
        nextMag.push(m);
      }
      h = next;
      mag = nextMag;
    }
    y.push(h[0]);
    scale.push(mag[0]);
  }
  return { y, scale };
}

function assertNearReference(got: MlpOutputs, label: string): void {
  for (const [x, rows, hex] of [
    [new Float32Array(MLP_INPUTS).fill(1), 1, got.ones],
    [mlpRows(), MLP_ROWS, got.rows],
  ] as const) {
    const values = float32s(hex);
    const ref = referenceForward(x, rows);
    assert.equal(values.length, rows, `${label}: ${rows} outputs`);
    for (let i = 0; i < rows; i++) {
      const tol = 1e-5 * ref.scale[i];
      assert.ok(Math.abs(values[i] - ref.y[i]) <= tol, `${label} row ${i}: ${values[i]} vs float64 ${ref.y[i]}`);
    }
  }
}

describe('MXNet seed MLP: saved in each runtime, loaded in each (16 pairs)', () => {
  for (const r of RUNTIMES) {
    it(`${r} saves the MLP three ways with its natural storage (${EXPECTED[r].storage}), on tfjs's cpu backend`, async (t) => {
      if (!need(t, r)) return;
      const res = (await runMatrix()).saved.get(r) as MlpResult;
      assert.equal(res.runtime, EXPECTED[r].detected);
      assert.equal(res.storage, EXPECTED[r].storage);
      assert.equal(res.backend, 'cpu');
      const saved = res.saved as MlpSaved;
      assert.deepEqual(Object.keys(saved.files).sort(), [
        'mlp_model/mlp.ferry',
        'mlp_params/net.params',
        'mlp_pipeline/TfjsModelStep/TfjsModelStep.ferry',
        'mlp_pipeline/TfjsModelStep/model.ferry',
        'mlp_pipeline/mlp_pipeline.ferry',
      ]);
      assertNearReference(saved.direct, `${r}'s own prediction`);
    });
  }

  it('every runtime builds the same weights and predicts the same bits before saving', async (t) => {
    if (!need(t, ...RUNTIMES)) return;
    const { saved } = await runMatrix();
    const node = savedBy(saved, 'node');
    for (const r of RUNTIMES) {
      const s = savedBy(saved, r);
      assert.equal(s.weights, node.weights, `${r}'s weights differ from Node's`);
      assert.deepEqual(s.direct, node.direct, `${r}'s forward pass differs from Node's`);
    }
  });

  it('every runtime writes byte-identical dump files', async (t) => {
    if (!need(t, ...RUNTIMES)) return;
    const { saved } = await runMatrix();
    const node = savedBy(saved, 'node');
    for (const r of RUNTIMES) {
      const files = savedBy(saved, r).files;
      for (const key of Object.keys(node.files)) assert.equal(files[key], node.files[key], `${r}'s ${key} differs`);
    }
  });

  for (const from of RUNTIMES) {
    for (const to of RUNTIMES) {
      it(`saved in ${from}, loaded in ${to}: bit-identical predictions (pipeline, parameters, ferryHandler)`, async (t) => {
        if (!need(t, from, to)) return;
        const { saved, loaded } = await runMatrix();
        const source = savedBy(saved, from);
        const res = loaded.get(to) as MlpResult;
        assert.equal(res.storage, EXPECTED[to].storage, `${to} loaded through ${res.storage}`);
        assert.equal(res.backend, 'cpu');
        const got = res.loaded[from];
        assert.ok(got, `${to} did not load ${from}'s dump`);
        assert.equal(got.loadedClass, 'Pipeline');
        for (const way of WAYS) {
          assert.equal(got.weights[way], source.weights, `${way}: weights differ from those ${from} saved`);
          assert.equal(got[way].ones, source.direct.ones, `${way}: prediction on ones(1, 100) differs`);
          assert.equal(got[way].rows, source.direct.rows, `${way}: predictions on the ${MLP_ROWS} rows differ`);
        }
      });
    }
  }
});
