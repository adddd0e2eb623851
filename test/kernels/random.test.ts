import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { type Kernels, permutation } from '../../src/kernels/index.ts';
import { kernels } from './helpers.ts';

describe('permutation kernel', () => {
  let k: Kernels;
  before(async () => {
    k = await kernels();
  });

  for (const n of [0, 1, 2, 3, 7, 17, 1001]) {
    it(`is a permutation of 0..${n - 1}`, () => {
      const p = permutation(k, n, 42);
      assert.equal(p.length, n);
      assert.deepEqual(
        Array.from(p).sort((a, b) => a - b),
        Array.from({ length: n }, (_, i) => i),
      );
    });
  }

  it('is reproducible per seed and differs across seeds', () => {
    assert.deepEqual(permutation(k, 1001, 7), permutation(k, 1001, 7));
    assert.notDeepEqual(permutation(k, 1001, 7), permutation(k, 1001, 8));
    assert.notDeepEqual(permutation(k, 1001, 0), permutation(k, 1001, 1));
  });

  it('is roughly uniform', () => {
    const counts = new Array(5 * 5).fill(0);
    for (let s = 0; s < 5000; s++) {
      const p = permutation(k, 5, s);
      for (let i = 0; i < 5; i++) counts[i * 5 + p[i]]++;
    }
    for (const c of counts) assert.ok(c > 850 && c < 1150, `count ${c}`);
  });
});
