import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { pickBackend } from '../../src/backend/index.ts';

tf.env().set('PROD', true);

describe('the wasm backend with its .wasm files missing', () => {
  it('fails its asynchronous initialisation, is skipped for cpu, and the reason is reported', async () => {
    const picked = await pickBackend({ runtime: 'bun', wasmPaths: '/nonexistent/ferry-test/' });
    assert.equal(picked.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(picked.tried.length, 1);
    assert.equal(picked.tried[0].name, 'wasm');
    assert.match(picked.tried[0].error, /^initialisation failed: .*wasm/i);
  });
});
