/**
 * Golden dumps: every format version's committed dumps must keep loading with identical outputs.
 * They were written by scripts/make-golden.ts when the version was current; never regenerate them to
 * make this test pass.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ExecutionContext, FileSystemStorage, type NDArray } from 'ferryml';
import { loadArrays } from 'ferryml/tfjs';
import '../../examples/seed/IdentityWithQueue.ts';
import { GOLDEN_INPUTS } from './inputs.ts';

const root = new URL('./', import.meta.url).pathname;
const versions = readdirSync(root).filter((d) => /^v\d+$/.test(d));

describe('golden dumps', () => {
  it('exist for format v1', () => {
    assert.ok(versions.includes('v1'));
  });
  for (const version of versions) {
    const dir = `${root}${version}/`;
    const { expected } = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as { expected: Record<string, number[]> };
    it(`${version}: the seed pipeline loads and predicts identically`, async () => {
      const loaded = await new ExecutionContext(new FileSystemStorage(dir)).load('seed_pipeline');
      const out = (await loaded.transform(GOLDEN_INPUTS.seed)) as NDArray;
      assert.deepEqual(Array.from(out.data as Float64Array), expected.seed_pipeline);
    });

    it(`${version}: the MXNet seed's MLP loads and predicts bit-identically (cpu backend)`, async () => {
      await tf.setBackend('cpu');
      const loaded = await new ExecutionContext(new FileSystemStorage(dir)).load('mlp');
      const out = (await loaded.transform(GOLDEN_INPUTS.mlp)) as NDArray;
      assert.deepEqual(Array.from(out.data as Float32Array), expected.mlp);
    });

    it(`${version}: arrays saved as a list and as a dict come back as such`, async () => {
      const storage = new FileSystemStorage(dir);
      const list = await loadArrays(storage, 'arrays/list.ferry', { as: 'ndarray' });
      assert.ok(Array.isArray(list));
      assert.deepEqual(
        list.map((a) => [a.dtype, a.shape]),
        [
          ['float32', [100, 100]],
          ['float32', [100, 100]],
        ],
      );
      assert.ok((list[0].data as Float32Array).every((v) => v === 1));
      assert.ok((list[1].data as Float32Array).every((v) => v === 0));
      const dict = (await loadArrays(storage, 'arrays/dict.ferry', { as: 'ndarray' })) as Record<string, NDArray>;
      assert.deepEqual(Object.keys(dict), ['X', 'Y', 'small']);
      assert.deepEqual(Array.from(dict.small.data as Float32Array), [1.5, -2, 3.25]);
    });
  }
});
