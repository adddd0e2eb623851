import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { gemmF32, gemmF64 } from '../../src/kernels/gemm.ts';
import type { Kernels } from '../../src/kernels/index.ts';
import { kernels, randoms } from './helpers.ts';

/** Independent scalar reference: alpha·op(A)·op(B) + beta·C in f64. */
function naive(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  tA: boolean,
  tB: boolean,
  alpha: number,
  beta: number,
  c?: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (tA ? a[p * m + i] : a[i * k + p]) * (tB ? b[j * k + p] : b[p * n + j]);
      out[i * n + j] = alpha * s + (c ? beta * c[i * n + j] : 0);
    }
  }
  return out;
}

// Shapes straddle the micro-tile (4×8 / 4×4) and the cache blocks (KC = 256, MC = 96, NC = 1024 / 512).
const SHAPES: Array<[number, number, number]> = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 16],
  [13, 17, 300],
  [97, 33, 257],
  [100, 1030, 9],
  [0, 4, 3],
  [5, 3, 0],
];

describe('gemm (cache-blocked WASM SIMD)', () => {
  let k: Kernels;
  before(async () => {
    k = await kernels();
  });

  for (const [m, n, kk] of SHAPES) {
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`f64 and f32 ${m}×${kk} · ${kk}×${n} transA=${tA} transB=${tB}`, () => {
        const a = Float64Array.from(randoms(m * kk, m + 1));
        const b = Float64Array.from(randoms(kk * n, n + 2));
        const c = Float64Array.from(randoms(m * n, 3));
        const ref = naive(a, b, m, n, kk, tA, tB, 0.5, -2, c);
        const got = gemmF64(k, a, b, m, n, kk, c, { transA: tA, transB: tB, alpha: 0.5, beta: -2 });
        for (let i = 0; i < ref.length; i++) assert.ok(Math.abs(got[i] - ref[i]) <= 1e-12 * (kk + 1), `f64 at ${i}`);
        const got32 = gemmF32(k, Float32Array.from(a), Float32Array.from(b), m, n, kk, undefined, {
          transA: tA,
          transB: tB,
        });
        const ref32 = naive(Float32Array.from(a), Float32Array.from(b), m, n, kk, tA, tB, 1, 0);
        // f32 accumulation: error bound ~ k·ε32·Σ|a||b| ≤ k·6e-8·k.
        for (let i = 0; i < ref32.length; i++)
          assert.ok(Math.abs(got32[i] - ref32[i]) <= (2e-7 * (kk + 1) ** 2) / 8 + 1e-6, `f32 at ${i}`);
      });
    }
  }

  it('checks shapes', () => {
    assert.throws(() => gemmF64(k, new Float64Array(5), new Float64Array(6), 2, 3, 3), /A has 5 values/);
  });

  it('multiplies 1024×1024 f32 correctly (spot checks against a scalar f64 dot)', () => {
    const N = 1024;
    const a = Float32Array.from(randoms(N * N, 1));
    const b = Float32Array.from(randoms(N * N, 2));
    const c = gemmF32(k, a, b, N, N, N);
    for (const [i, j] of [
      [0, 0],
      [1023, 1023],
      [517, 3],
      [96, 1000],
    ]) {
      let s = 0;
      for (let p = 0; p < N; p++) s += a[i * N + p] * b[p * N + j];
      assert.ok(Math.abs(c[i * N + j] - s) <= 1e-3, `(${i}, ${j}) ${c[i * N + j]} vs ${s}`);
    }
  });
});
