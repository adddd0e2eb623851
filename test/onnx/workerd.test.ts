/**
 * The README table's model on workerd, as the benchmark deploys it (bench/onnx/workerd/bundle.ts): the Ferry
 * worker and the two onnxruntime-web workers answer scikit-learn's probabilities and labels for all 569 rows over
 * HTTP (JSON doubles round-trip exactly), within tolerances.ts. And why the onnxruntime workers redirect
 * `WebAssembly.instantiate` to a precompiled module: handed its wasm as bytes (`env.wasm.wasmBinary`), the way
 * onnxruntime-web documents, it cannot start there — workerd refuses to compile WebAssembly at run time.
 * Skipped loudly without workerd, a failure under CI=true.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareOutputs } from '../../bench/onnx/predictor.ts';
import { loadCase, type OnnxCase, TABLE_CASE } from '../../bench/onnx/reference.ts';
import { type BuiltWorker, buildOnnxWorkers, buildOrtWorker } from '../../bench/onnx/workerd/bundle.ts';
import { requireEdgeRuntime, startWorkerd } from '../edge/servers.ts';
import { ensureBuilt, ROOT } from '../runtimes/build.ts';
import { type Contender, checkAgreement } from './tolerances.ts';

const c = loadCase(TABLE_CASE);
mkdirSync(join(ROOT, 'tmp'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'tmp', 'onnx-workerd-test-'));
let workers: BuiltWorker[] | undefined;

after(() => rmSync(dir, { recursive: true, force: true }));

/** POSTs all rows of `c` to a worker started from `config`; returns the status and the body. */
async function ask(config: string, k: OnnxCase): Promise<{ status: number; text: string }> {
  const server = await startWorkerd(config);
  try {
    const inputs = Array.from({ length: k.rows }, (_, i) =>
      Array.from(k.x.subarray(i * k.features, (i + 1) * k.features)),
    );
    const r = await fetch(server.url, { method: 'POST', body: JSON.stringify({ inputs }) });
    return { status: r.status, text: await r.text() };
  } finally {
    await server.stop();
  }
}

const WORKERS: Record<Contender, BuiltWorker['name']> = { ferry: 'ferry', float32: 'ort-f32', float64: 'ort-f64' };

describe(`bench/onnx on workerd: ${c.name}`, () => {
  before(async () => {
    await ensureBuilt();
  });
  for (const who of ['ferry', 'float32', 'float64'] as const) {
    it(`${who === 'ferry' ? 'the Ferry worker' : `the onnxruntime-web worker, ${who} graph`}: scikit-learn's outputs on ${c.rows} rows`, async (t) => {
      if (!requireEdgeRuntime(t, 'workerd')) return;
      workers ??= await buildOnnxWorkers(join(dir, 'built'), c);
      const w = workers.find((x) => x.name === WORKERS[who]) as BuiltWorker;
      const { status, text } = await ask(w.config, c);
      assert.equal(status, 200, text.slice(0, 500));
      const out = JSON.parse(text) as { labels: number[]; values: number[]; cols: number };
      const got = { labels: Float64Array.from(out.labels), values: Float64Array.from(out.values), cols: out.cols };
      checkAgreement('workerd', who, c, compareOutputs(got, c.expected, c.rows));
    });
  }

  it('onnxruntime-web handed its wasm as bytes (wasmBinary) cannot start: workerd refuses to compile it', async (t) => {
    if (!requireEdgeRuntime(t, 'workerd')) return;
    const w = await buildOrtWorker(join(dir, 'bytes'), 'ort-bytes', c, 'float32', 'bytes');
    const { status, text } = await ask(w.config, c);
    console.log(`  ${status}: ${text.split('\n')[0].slice(0, 300)}`);
    assert.equal(status, 500);
    assert.match(text, /Wasm code generation disallowed by embedder/);
  });
});
