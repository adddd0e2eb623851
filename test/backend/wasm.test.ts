import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { defaultWasmPaths, pickBackend } from '../../src/backend/index.ts';

tf.env().set('PROD', true);

describe('the wasm backend in Node.js', () => {
  it('is picked when native TensorFlow is absent, with its .wasm files located in node_modules', async () => {
    const picked = await pickBackend({
      runtime: 'node',
      gpuVisible: async () => 'no GPU (test)',
      importers: {
        tensorflow: async () => {
          throw new Error("Cannot find package '@tensorflow/tfjs-node'");
        },
      },
    });
    assert.equal(picked.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    const expected = `${dirname(fileURLToPath(import.meta.resolve('@tensorflow/tfjs-backend-wasm')))}/`;
    assert.equal(picked.wasmPaths, expected);
    assert.ok(expected.endsWith(join('@tensorflow', 'tfjs-backend-wasm', 'dist/')));
    // It computes: a product checked against plain arithmetic.
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor2d([5, 6, 7, 8], [2, 2]);
    assert.deepEqual([...(await tf.matMul(a, b).data())], [19, 22, 43, 50]);
  });

  it('derives file paths for Node, Deno and Bun and URL prefixes for browsers; undefined when unresolvable', () => {
    const resolve = () => 'file:///srv/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.node.js';
    for (const runtime of ['node', 'deno', 'bun'] as const) {
      assert.equal(defaultWasmPaths(runtime, resolve), '/srv/app/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
    }
    const http = () => 'http://localhost:8080/vendor/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js';
    assert.equal(defaultWasmPaths('browser', http), 'http://localhost:8080/vendor/tfjs-backend-wasm/dist/');
    assert.equal(
      defaultWasmPaths('browser', () => {
        throw new TypeError('bare specifier not remapped');
      }),
      undefined,
    );
  });
});
