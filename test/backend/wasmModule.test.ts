/**
 * The wasm backend created from a compiled `WebAssembly.Module` (`pickBackend({ wasmModule })`, the
 * route workerd needs), in Node.js: it computes bit for bit what the package's own route (fetching and
 * compiling its `.wasm` files) computes, and every way it can go wrong is a reason or a typed error.
 * The real route on a real workerd is test/edge/edge.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { InvalidInputError } from 'ferryml';
import { buildSeedMlp } from '../../examples/tfjs/mlp.ts';
import { pickBackend } from '../../src/backend/index.ts';

tf.env().set('PROD', true);

const WASM_DIST = dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm')));
const compiled = (file: string) => new WebAssembly.Module(readFileSync(join(WASM_DIST, file)));
const NO_TFJS_NODE = {
  tensorflow: async () => {
    throw new Error("Cannot find package '@tensorflow/tfjs-node'");
  },
};

/** Rows of 100 features, deterministic, mixed signs. */
const INPUTS = Array.from({ length: 6 }, (_, r) =>
  Array.from({ length: 100 }, (_, c) => Math.sin(0.37 * c + 1.3 * r) * (1 + r / 4)),
);

/** The seed MLP (same seeded weights each call, built on cpu), predicting INPUTS on the active backend. */
async function mlpPredictions(backend: string): Promise<Float32Array> {
  const active = tf.getBackend();
  await tf.setBackend('cpu');
  const model = buildSeedMlp({ inputs: 100, seed: 1 });
  await tf.setBackend(active);
  assert.equal(tf.getBackend(), backend);
  const x = tf.tensor2d(INPUTS);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

afterEach(async () => {
  await tf.setBackend('cpu');
  if (tf.engine().registryFactory.wasm) tf.removeBackend('wasm');
});

describe('pickBackend({ wasmModule }): the wasm backend from a compiled module', () => {
  it('computes the MLP bit for bit as the package’s own route does (same SIMD binary)', async () => {
    // The package's route: it fetches and compiles tfjs-backend-wasm-simd.wasm itself (Node has SIMD).
    const own = await pickBackend({ runtime: 'node', order: ['wasm'] });
    assert.equal(own.wasmFrom, 'files');
    assert.equal(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), true);
    const expected = await mlpPredictions('wasm');
    await tf.setBackend('cpu');
    tf.removeBackend('wasm'); // disposes it: the next pick must create a new one

    const picked = await pickBackend({
      runtime: 'node',
      order: ['wasm'],
      wasmModule: compiled('tfjs-backend-wasm-simd.wasm'),
      importers: NO_TFJS_NODE,
    });
    assert.equal(picked.name, 'wasm');
    assert.equal(picked.wasmFrom, 'module');
    assert.equal(picked.wasmPaths, undefined);
    assert.equal(tf.getBackend(), 'wasm');
    const got = await mlpPredictions('wasm');
    assert.deepEqual(new Uint8Array(got.buffer), new Uint8Array(expected.buffer));
    // A small product against plain arithmetic, too.
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    assert.deepEqual([...(await tf.matMul(a, a).data())], [7, 10, 15, 22]);
  });

  it('also runs the plain (non-SIMD) binary, with the same answers within float32 rounding', async () => {
    await pickBackend({ runtime: 'node', order: ['wasm'], wasmModule: compiled('tfjs-backend-wasm-simd.wasm') });
    const simd = await mlpPredictions('wasm');
    await tf.setBackend('cpu');
    tf.removeBackend('wasm');
    const picked = await pickBackend({
      runtime: 'node',
      order: ['wasm'],
      wasmModule: compiled('tfjs-backend-wasm.wasm'),
    });
    assert.equal(picked.wasmFrom, 'module');
    const plain = await mlpPredictions('wasm');
    assert.equal(plain.length, simd.length);
    for (let i = 0; i < plain.length; i++) {
      assert.ok(Math.abs(plain[i] - simd[i]) <= 1e-5 * (1 + Math.abs(simd[i])), `row ${i}: ${plain[i]} vs ${simd[i]}`);
    }
  });

  it('a module that is not a single-threaded tfjs binary fails the attempt with the reason; cpu follows', async () => {
    const cases: [string, WebAssembly.Module, RegExp][] = [
      // The threaded build needs shared memory and worker glue: the single-threaded glue cannot link it.
      ['threaded-simd', compiled('tfjs-backend-wasm-threaded-simd.wasm'), /LinkError/],
      // An empty module links (no imports) but exports nothing the glue needs.
      ['empty', new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])), /TypeError|RuntimeError/],
    ];
    for (const [what, wasmModule, error] of cases) {
      const picked = await pickBackend({ runtime: 'node', order: ['wasm', 'cpu'], wasmModule });
      assert.equal(picked.name, 'cpu', what);
      assert.equal(picked.tried[0].name, 'wasm');
      assert.match(
        picked.tried[0].error,
        /^initialisation failed: wasmModule is not a single-threaded binary of this @tensorflow\/tfjs-backend-wasm/,
        what,
      );
      assert.match(picked.tried[0].error, error, what);
      assert.equal(tf.engine().registry.wasm, undefined, `${what}: no half-made backend is left registered`);
    }
  });

  it('on workerd, wasm without a module is skipped before importing anything, saying why', async () => {
    let imported = false;
    const picked = await pickBackend({
      runtime: 'workerd',
      importers: {
        wasm: async () => {
          imported = true;
          return {};
        },
      },
    });
    assert.equal(picked.name, 'cpu');
    assert.equal(imported, false);
    assert.match(picked.tried[0].error, /^workerd forbids compiling WebAssembly at run time .*pass wasmModule/);
  });

  it('a wasmModule that is not a WebAssembly.Module is an InvalidInputError; a missing glue is a reason', async () => {
    const bytes = readFileSync(join(WASM_DIST, 'tfjs-backend-wasm-simd.wasm'));
    await assert.rejects(
      pickBackend({ order: ['wasm'], wasmModule: bytes as unknown as WebAssembly.Module }),
      (e: unknown) =>
        e instanceof InvalidInputError && /must be a compiled WebAssembly\.Module.*got bytes/.test(e.message),
    );
    const picked = await pickBackend({
      runtime: 'node',
      order: ['wasm', 'cpu'],
      wasmModule: compiled('tfjs-backend-wasm-simd.wasm'),
      wasmGlue: async () => {
        throw new Error('Could not resolve "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.js"');
      },
    });
    assert.equal(picked.name, 'cpu');
    assert.match(picked.tried[0].error, /^cannot import the wasm backend's glue .*Could not resolve/);
  });
});
