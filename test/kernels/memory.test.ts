import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dotF64, fitLogisticRegression, permutation, predictProba } from '../../src/kernels/index.ts';
import { kernels, randoms } from './helpers.ts';

describe('kernel memory', () => {
  it('stays bounded over 1,000 small fits', async () => {
    const k = await kernels();
    const n = 60;
    const d = 5;
    const X = Float64Array.from(randoms(n * d, 3));
    const y = Int32Array.from({ length: n }, (_, i) => (X[i * d] + 0.3 * X[i * d + 1] > 0 ? 1 : 0));
    const y3 = Int32Array.from({ length: n }, (_, i) => i % 3);
    const sizes: number[] = [];
    for (let t = 0; t < 1000; t++) {
      const penalty = (['l2', 'l1', 'none'] as const)[t % 3];
      const res = await fitLogisticRegression(X, n, d, t % 2 ? y : y3, t % 2 ? 2 : 3, {
        C: 1,
        fitIntercept: true,
        penalty,
        maxIter: 20,
        tol: 1e-4,
      });
      await predictProba(X, n, d, res.coef, res.intercept, res.k);
      dotF64(k, X, X);
      permutation(k, 100, t);
      sizes.push(k.memory.buffer.byteLength);
    }
    assert.equal(sizes[999], sizes[10], 'memory kept growing');
    assert.ok(sizes[999] <= 4 * 65536 + k.arena.base, `memory ${sizes[999]} bytes`);
    assert.equal(k.arena.mark(), k.arena.base, 'arena not released');
  });

  it('grows memory for large inputs and keeps working afterwards', async () => {
    const k = await kernels();
    const a = new Float64Array(300_000).fill(1);
    assert.equal(dotF64(k, a, a), 300_000);
    assert.ok(k.memory.buffer.byteLength >= 2 * a.byteLength);
    assert.equal(dotF64(k, Float64Array.of(1, 2, 3), Float64Array.of(4, 5, 6)), 32);
  });

  it('reset() frees every allocation', async () => {
    const k = await kernels();
    const p = k.alloc(100);
    assert.equal(p % 16, 0);
    assert.equal(k.alloc(1) % 16, 0);
    k.reset();
    assert.equal(k.arena.mark(), k.arena.base);
  });
});
