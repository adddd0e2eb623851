import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { BackendUnavailableError, InvalidInputError } from 'ferryml';
import { defaultBackendOrder, nvidiaGpuVisible, pickBackend, type TfjsEngine } from '../../src/backend/index.ts';

tf.env().set('PROD', true);
const NO_GPU = async () => 'no NVIDIA GPU visible (test)';
const missing = (pkg: string) => async () => {
  throw new Error(`Cannot find package '${pkg}'`);
};

afterEach(async () => {
  await tf.setBackend('cpu');
  for (const name of ['tensorflow', 'wasm']) if (tf.engine().registryFactory[name]) tf.removeBackend(name);
});

describe('pickBackend', () => {
  it('tries native TensorFlow only on Node.js; elsewhere wasm then cpu', () => {
    assert.deepEqual(defaultBackendOrder('node'), ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    for (const runtime of ['deno', 'bun', 'browser', 'workerd', 'unknown'] as const) {
      assert.deepEqual(defaultBackendOrder(runtime), ['wasm', 'cpu'], runtime);
    }
  });

  it('falls through in order, skipping a backend whose async initialisation fails, and says why', async () => {
    const imported: string[] = [];
    const picked = await pickBackend({
      runtime: 'node',
      gpuVisible: NO_GPU,
      importers: {
        'tensorflow-gpu': async () => imported.push('gpu'),
        tensorflow: async () => {
          imported.push('tensorflow');
          return missing('@tensorflow/tfjs-node')();
        },
        wasm: async () => {
          imported.push('wasm');
          tf.registerBackend('wasm', async () => {
            throw new Error('failed to load wasm binary file');
          });
          return { setWasmPaths: () => {} };
        },
      },
    });
    assert.equal(picked.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.deepEqual(imported, ['tensorflow', 'wasm'], 'tfjs-node-gpu is not even imported without a GPU');
    assert.deepEqual(
      picked.tried.map((t) => t.name),
      ['tensorflow-gpu', 'tensorflow', 'wasm'],
    );
    assert.equal(picked.tried[0].error, 'no NVIDIA GPU visible (test)');
    assert.match(picked.tried[1].error, /cannot import @tensorflow\/tfjs-node: Cannot find package/);
    assert.match(picked.tried[2].error, /initialisation failed: failed to load wasm binary file/);
  });

  it('uses tfjs-node-gpu where a GPU is visible and it initialises', async () => {
    const picked = await pickBackend({
      runtime: 'node',
      gpuVisible: async () => true,
      importers: {
        'tensorflow-gpu': async () => tf.registerBackend('tensorflow', async () => new MathBackendCPU(), 3),
      },
    });
    assert.equal(picked.name, 'tensorflow-gpu');
    assert.equal(picked.tfjsBackend, 'tensorflow');
    assert.deepEqual(picked.tried, []);
    assert.equal(tf.getBackend(), 'tensorflow');
  });

  it('names native backends as Node-only elsewhere, and a package that registers nothing', async () => {
    const picked = await pickBackend({
      runtime: 'deno',
      order: ['tensorflow', 'wasm', 'cpu'],
      importers: { wasm: async () => ({}) },
      resolveModule: () => {
        throw new Error('unresolvable here');
      },
    });
    assert.equal(picked.name, 'cpu');
    assert.match(picked.tried[0].error, /@tensorflow\/tfjs-node runs only in Node\.js \(this runtime is deno\)/);
    assert.match(picked.tried[1].error, /registered no "wasm" backend/);
  });

  it('when every backend fails, one BackendUnavailableError lists every attempt', async () => {
    await assert.rejects(
      pickBackend({
        runtime: 'browser',
        importers: { wasm: missing('@tensorflow/tfjs-backend-wasm'), cpu: missing('@tensorflow/tfjs') },
      }),
      (e: unknown) => {
        assert.ok(e instanceof BackendUnavailableError);
        assert.deepEqual(
          e.tried.map((t) => t.name),
          ['wasm', 'cpu'],
        );
        assert.match(
          e.message,
          /wasm \(cannot import @tensorflow\/tfjs-backend-wasm.*\); cpu \(cannot import @tensorflow\/tfjs/,
        );
        return true;
      },
    );
  });

  it('reports tfjs refusing to switch, through an injected engine', async () => {
    const engine: TfjsEngine = {
      initialized: () => ({}),
      factory: () => undefined,
      install: () => {},
      setBackend: async (name) => name === 'cpu',
    };
    const picked = await pickBackend({
      runtime: 'bun',
      engine,
      importers: { wasm: async () => ({}), cpu: async () => ({}) },
    });
    assert.equal(picked.name, 'cpu');
    assert.deepEqual(picked.tried, [{ name: 'wasm', error: 'tfjs refused to switch to "wasm"' }]);
  });

  it('refuses an unknown or empty order', async () => {
    await assert.rejects(
      pickBackend({ order: ['webgpu' as 'cpu'] }),
      (e: unknown) => e instanceof InvalidInputError && /unknown backend "webgpu"/.test(e.message),
    );
    await assert.rejects(pickBackend({ order: [] }), InvalidInputError);
  });

  it('the default GPU probe asks the NVIDIA driver and nvidia-smi', async () => {
    const { existsSync } = await import('node:fs');
    const visible = await nvidiaGpuVisible();
    if (existsSync('/proc/driver/nvidia/version')) assert.equal(visible, true);
    else if (visible !== true)
      assert.match(visible, /no NVIDIA GPU visible \(\/proc\/driver\/nvidia\/version is absent and nvidia-smi -L/);
  });
});
