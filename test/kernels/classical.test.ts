import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Kernels } from '../../src/kernels/index.ts';
import { solveLeastSquares, symmetricEigen } from '../../src/kernels/linearSolve.ts';
import {
  columnMeanVar,
  columnMinMax,
  logSumExpRows,
  mulAddColumns,
  sigmoid,
  softmaxRows,
  subDivColumns,
  uniform,
} from '../../src/kernels/stats.ts';
import { kernels, maxAbsDiff, randoms } from './helpers.ts';

describe('column statistics, softmax, sigmoid, eigen and least-squares kernels', () => {
  let k: Kernels;
  before(async () => {
    k = await kernels();
  });

  it('column mean / variance / min / max match scalar references (odd d exercises the SIMD tail)', () => {
    const n = 37;
    const d = 5;
    const x = Float64Array.from(randoms(n * d, 4), (v, i) => v * (i % d) + (i % 3));
    const mean = new Float64Array(d);
    const vr = new Float64Array(d);
    const mn = new Float64Array(d).fill(Infinity);
    const mx = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        mean[j] += x[i * d + j] / n;
        mn[j] = Math.min(mn[j], x[i * d + j]);
        mx[j] = Math.max(mx[j], x[i * d + j]);
      }
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) vr[j] += (x[i * d + j] - mean[j]) ** 2 / n;
    const s = columnMeanVar(k, x, n, d);
    assert.ok(maxAbsDiff(s.mean, mean) <= 1e-14);
    assert.ok(maxAbsDiff(s.var, vr) <= 1e-14);
    const m = columnMinMax(k, x, n, d);
    assert.deepEqual(Array.from(m.min), Array.from(mn));
    assert.deepEqual(Array.from(m.max), Array.from(mx));
    const z = subDivColumns(k, x, n, d, mean, Float64Array.from(vr, Math.sqrt));
    assert.ok(maxAbsDiff(mulAddColumns(k, z, n, d, Float64Array.from(vr, Math.sqrt), mean), x) <= 1e-14);
  });

  it('softmax, log-sum-exp and sigmoid are stable for large inputs', () => {
    const s = Float64Array.of(1000, 1001, 1002, -5, 0, 5);
    const lse = logSumExpRows(k, s, 2, 3);
    assert.ok(Math.abs(lse[0] - (1002 + Math.log(Math.exp(-2) + Math.exp(-1) + 1))) <= 1e-12);
    const p = softmaxRows(k, s, 2, 3);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(p[i] - Math.exp(s[i] - lse[Math.floor(i / 3)])) <= 1e-12);
    const xs = Float64Array.of(-800, -30, -1, 0, 2, 30, 800);
    const sg = sigmoid(k, xs);
    xs.forEach((v, i) => {
      const ref = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      assert.ok(Math.abs(sg[i] - ref) <= 1e-16 + 1e-15 * ref, `sigmoid(${v}) = ${sg[i]} vs ${ref}`);
    });
  });

  it('uniform draws are in [0, 1), reproducible per seed and roughly uniform', () => {
    const a = uniform(k, 20000, 5);
    assert.deepEqual(a, uniform(k, 20000, 5));
    assert.notDeepEqual(a.subarray(0, 10), uniform(k, 10, 6));
    assert.ok(a.every((v) => v >= 0 && v < 1));
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  });

  it('symmetric eigen-decomposition reconstructs the matrix with orthonormal vectors', () => {
    const m = 7;
    const r = randoms(m * m, 8);
    const a = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) a[i * m + j] = r[i * m + j] + r[j * m + i];
    const { values, vectors } = symmetricEigen(k, a, m);
    for (let j = 1; j < m; j++) assert.ok(values[j - 1] >= values[j]);
    const rec = new Float64Array(m * m);
    for (let c = 0; c < m; c++)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) rec[i * m + j] += values[c] * vectors[c * m + i] * vectors[c * m + j];
    assert.ok(maxAbsDiff(rec, a) <= 1e-13);
    for (let p = 0; p < m; p++)
      for (let q = 0; q < m; q++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += vectors[p * m + i] * vectors[q * m + i];
        assert.ok(Math.abs(dot - (p === q ? 1 : 0)) <= 1e-13);
      }
  });

  it('least squares recovers exact coefficients; ridge matches its closed form on one feature', () => {
    const n = 50;
    const r = randoms(n * 3, 12);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = 2 * r[i * 3] - r[i * 3 + 1] + 0.25 * r[i * 3 + 2] + 7;
    const ols = solveLeastSquares(k, Float64Array.from(r), n, 3, y, 1, { fitIntercept: true, alpha: 0 });
    assert.ok(maxAbsDiff(ols.coef, [2, -1, 0.25]) <= 1e-12);
    assert.ok(Math.abs(ols.intercept[0] - 7) <= 1e-12);
    const x1 = Float64Array.from({ length: n }, (_, i) => r[i * 3]);
    const ridge = solveLeastSquares(k, x1, n, 1, y, 1, { fitIntercept: false, alpha: 3 });
    const sxy = x1.reduce((s, v, i) => s + v * y[i], 0);
    const sxx = x1.reduce((s, v) => s + v * v, 0);
    assert.ok(Math.abs(ridge.coef[0] - sxy / (sxx + 3)) <= 1e-13);
  });
});
