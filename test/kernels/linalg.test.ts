import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  axpyF32,
  axpyF64,
  dotF32,
  dotF64,
  gemvF32,
  gemvF64,
  type Kernels,
  scalF32,
  scalF64,
} from '../../src/kernels/index.ts';
import { kernels, maxAbsDiff, randoms } from './helpers.ts';

const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 17, 33, 1001];

describe('linalg kernels vs scalar references', () => {
  let k: Kernels;
  before(async () => {
    k = await kernels();
  });

  for (const n of SIZES) {
    it(`dot/axpy/scal f64, n=${n}`, () => {
      const a = Float64Array.from(randoms(n, 1 + n));
      const b = Float64Array.from(randoms(n, 100 + n));
      let ref = 0;
      for (let i = 0; i < n; i++) ref += a[i] * b[i];
      assert.ok(Math.abs(dotF64(k, a, b) - ref) <= 1e-12 * Math.max(1, n));
      const y = axpyF64(k, 0.75, a, b);
      assert.ok(
        maxAbsDiff(
          y,
          Array.from(b, (v, i) => v + 0.75 * a[i]),
        ) <= 1e-15,
      );
      assert.deepEqual(
        Array.from(scalF64(k, -2.5, a)),
        Array.from(a, (v) => -2.5 * v),
      );
    });

    it(`dot/axpy/scal f32, n=${n}`, () => {
      const a = Float32Array.from(randoms(n, 7 + n));
      const b = Float32Array.from(randoms(n, 700 + n));
      let ref = 0;
      for (let i = 0; i < n; i++) ref += a[i] * b[i];
      assert.ok(Math.abs(dotF32(k, a, b) - ref) <= 1e-5 * Math.max(1, Math.sqrt(n)));
      const y = axpyF32(k, 0.5, a, b);
      assert.deepEqual(
        Array.from(y),
        Array.from(Float32Array.from(b, (v, i) => Math.fround(v + Math.fround(0.5 * a[i])))),
      );
      assert.deepEqual(Array.from(scalF32(k, 3, a)), Array.from(Float32Array.from(a, (v) => Math.fround(3 * v))));
    });
  }

  for (const [m, n] of [
    [0, 3],
    [1, 1],
    [3, 7],
    [17, 5],
    [9, 33],
    [101, 17],
  ]) {
    it(`gemv f64/f32 ${m}x${n}, plain and transposed`, () => {
      const a = randoms(m * n, m * 31 + n);
      const x = randoms(n, 5);
      const xt = randoms(m, 6);
      const y0 = randoms(m, 8);
      const ref = Array.from({ length: m }, (_, i) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        return 2 * s + 0.5 * y0[i];
      });
      const refT = Array.from({ length: n }, (_, j) => {
        let s = 0;
        for (let i = 0; i < m; i++) s += a[i * n + j] * xt[i];
        return s;
      });
      const y = gemvF64(k, Float64Array.from(a), m, n, Float64Array.from(x), Float64Array.from(y0), {
        alpha: 2,
        beta: 0.5,
      });
      assert.ok(maxAbsDiff(y, ref) <= 1e-12 * (n + 1));
      const yt = gemvF64(k, Float64Array.from(a), m, n, Float64Array.from(xt), undefined, { trans: true });
      assert.ok(maxAbsDiff(yt, refT) <= 1e-12 * (m + 1));
      const y32 = gemvF32(k, Float32Array.from(a), m, n, Float32Array.from(x), Float32Array.from(y0), {
        alpha: 2,
        beta: 0.5,
      });
      assert.ok(maxAbsDiff(y32, ref) <= 1e-4 * (n + 1));
      const yt32 = gemvF32(k, Float32Array.from(a), m, n, Float32Array.from(xt), undefined, { trans: true });
      assert.ok(maxAbsDiff(yt32, refT) <= 1e-4 * (m + 1));
    });
  }

  it('rejects mismatched lengths', () => {
    assert.throws(() => dotF64(k, new Float64Array(3), new Float64Array(4)), RangeError);
  });
});
