import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SvdNotConvergedError } from 'ferryml';
import type { Kernels } from '../../src/kernels/index.ts';
import { designSvd, lstsqExports } from '../../src/kernels/lstsq.ts';
import { scoped } from '../../src/kernels/scoped.ts';
import { kernels, maxAbsDiff, randoms } from './helpers.ts';

// Sizes that are not multiples of the f64x2 lane count (or of the 4-wide unrolling) on purpose.
const SIZES = [0, 1, 2, 3, 4, 5, 7, 9, 17, 33];

/** Scalar reference: Householder QR of the n×m matrix A (row-major, copied), R's first `d` rows, m columns. */
function householderR(a: number[], n: number, m: number, d: number): number[] {
  const A = a.slice();
  for (let j = 0; j < Math.min(d, n); j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += A[i * m + j] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = A[j * m + j];
    const beta = alpha >= 0 ? -norm : norm;
    const v = new Array<number>(n).fill(0);
    v[j] = alpha - beta;
    for (let i = j + 1; i < n; i++) v[i] = A[i * m + j];
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (let k = j; k < m; k++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i] * A[i * m + k];
      for (let i = j; i < n; i++) A[i * m + k] -= (2 * dot * v[i]) / vv;
    }
  }
  const R = new Array<number>(d * m).fill(0);
  for (let i = 0; i < Math.min(d, n); i++) for (let k = i; k < m; k++) R[i * m + k] = A[i * m + k];
  return R;
}

/** Rows of R (d×m) times the sign of their diagonal entry: Householder R is unique up to these signs. */
function signNormalised(R: ArrayLike<number>, d: number, m: number): number[] {
  const out = Array.from(R);
  for (let i = 0; i < d; i++) if (out[i * m + i] < 0) for (let k = 0; k < m; k++) out[i * m + k] = -out[i * m + k];
  return out;
}

/** Scalar reference: singular values of the m×len matrix A by the eigenvalues of A·Aᵀ (cyclic Jacobi), largest first. */
function singularValuesRef(a: number[], m: number, len: number): number[] {
  const G = Array.from({ length: m * m }, (_, idx) => {
    const p = Math.floor(idx / m);
    const q = idx % m;
    let s = 0;
    for (let k = 0; k < len; k++) s += a[p * len + k] * a[q * len + k];
    return s;
  });
  for (let sweep = 0; sweep < 50; sweep++) {
    for (let p = 0; p < m; p++)
      for (let q = p + 1; q < m; q++) {
        if (G[p * m + q] === 0) continue;
        const theta = (G[q * m + q] - G[p * m + p]) / (2 * G[p * m + q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const gkp = G[k * m + p];
          const gkq = G[k * m + q];
          G[k * m + p] = c * gkp - s * gkq;
          G[k * m + q] = s * gkp + c * gkq;
        }
        for (let k = 0; k < m; k++) {
          const gpk = G[p * m + k];
          const gqk = G[q * m + k];
          G[p * m + k] = c * gpk - s * gqk;
          G[q * m + k] = s * gpk + c * gqk;
        }
      }
  }
  return Array.from({ length: m }, (_, i) => Math.sqrt(Math.max(G[i * m + i], 0))).sort((x, y) => y - x);
}

describe('least-squares kernels (assembly/lstsq.ts) vs scalar references', () => {
  let k: Kernels;
  before(async () => {
    k = await kernels();
  });

  for (const n of SIZES) {
    it(`maxAbsF64, n=${n}: the largest |x|, NaN or Infinity when one is there`, () => {
      const ex = lstsqExports(k);
      const x = randoms(n, 3 + n).map((v) => v * 10);
      scoped(k, () => {
        const p = k.arena.putF64(x);
        assert.equal(ex.maxAbsF64(p, n), Math.max(0, ...x.map(Math.abs)));
        if (n === 0) return;
        for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
          k.arena.f64(p, n)[n - 1] = bad;
          const got = ex.maxAbsF64(p, n);
          assert.ok(Number.isNaN(bad) ? Number.isNaN(got) : got === Number.POSITIVE_INFINITY, `${bad} → ${got}`);
        }
      });
    });
  }

  for (const [n, d] of [
    [1, 1],
    [3, 5],
    [7, 3],
    [17, 2],
    [33, 7],
  ]) {
    it(`weightedColMeanF64 and centerScaleRowsF64, ${n}×${d}, with and without weights`, () => {
      const ex = lstsqExports(k);
      const x = randoms(n * d, n + 10 * d);
      const w = randoms(n, 99 + n).map((v) => v + 1);
      scoped(k, () => {
        for (const weighted of [false, true]) {
          const px = k.arena.putF64(x);
          const pw = weighted ? k.arena.putF64(w) : 0;
          const ps = weighted ? k.arena.putF64(w.map(Math.sqrt)) : 0;
          const pm = k.arena.alloc(d * 8);
          const total = ex.weightedColMeanF64(px, n, d, pw, pm);
          const wt = (i: number) => (weighted ? w[i] : 1);
          const sum = Array.from({ length: n }, (_, i) => wt(i)).reduce((a, b) => a + b, 0);
          const mean = Array.from({ length: d }, (_, j) => {
            let s = 0;
            for (let i = 0; i < n; i++) s += wt(i) * x[i * d + j];
            return s / sum;
          });
          assert.ok(Math.abs(total - sum) <= 1e-13 * sum);
          assert.ok(maxAbsDiff(k.arena.f64(pm, d), mean) <= 1e-14);
          ex.centerScaleRowsF64(px, n, d, pm, ps);
          const centered = x.map((v, idx) => (v - mean[idx % d]) * Math.sqrt(wt(Math.floor(idx / d))));
          assert.ok(maxAbsDiff(k.arena.f64(px, n * d), centered) <= 1e-14);
        }
      });
    });
  }

  for (const [n, d, t, blockRows] of [
    [1, 1, 1, 8],
    [3, 5, 1, 8],
    [9, 3, 2, 4],
    [17, 5, 1, 8],
    [61, 7, 3, 8],
    [100, 4, 1, 7],
    [33, 33, 1, 5],
  ]) {
    it(`qrAccumulateF64 ${n}×${d} with ${t} target(s), blocks of ${blockRows} rows: R and Qᵀy of Householder QR`, () => {
      const ex = lstsqExports(k);
      const x = randoms(n * d, 7 * n + d);
      const y = randoms(n * t, 11 * n + t);
      const m = d + t;
      const aug = Array.from({ length: n * m }, (_, idx) => {
        const i = Math.floor(idx / m);
        const j = idx % m;
        return j < d ? x[i * d + j] * 0.5 : y[i * t + j - d] * 0.25;
      });
      const want = signNormalised(householderR(aug, n, m, d), Math.min(d, n), m);
      scoped(k, () => {
        const px = k.arena.putF64(x);
        const py = k.arena.putF64(y);
        const pr = k.arena.alloc(d * m * 8);
        const pb = k.arena.alloc(blockRows * m * 8);
        ex.qrAccumulateF64(px, n, d, py, t, 0.5, 0.25, pr, pb, blockRows);
        const got = signNormalised(k.arena.f64(pr, d * m), Math.min(d, n), m);
        assert.ok(maxAbsDiff(got, want) <= 1e-13 * Math.max(1, ...want.map(Math.abs)), 'R and c');
      });
    });
  }

  for (const m of [1, 2, 3, 5, 8, 13]) {
    it(`jacobiSvdRowsF64 ${m}×${m}: A = Σ g_i·w_iᵀ, orthogonal rows, singular values of the reference`, () => {
      const ex = lstsqExports(k);
      const a = randoms(m * m, 40 + m);
      if (m > 2) for (let j = 0; j < m; j++) a[(m - 1) * m + j] = a[j] + 1e-9 * a[m + j]; // a near-dependent row
      scoped(k, () => {
        const pa = k.arena.putF64(a);
        const pv = k.arena.alloc(m * m * 8);
        const sweeps = ex.jacobiSvdRowsF64(pa, m, m, pv, 60, Number.EPSILON * Math.sqrt(m));
        assert.ok(sweeps >= 1 && sweeps <= 20, `sweeps ${sweeps}`);
        const w = Array.from(k.arena.f64(pa, m * m));
        const g = Array.from(k.arena.f64(pv, m * m));
        const back = Array.from({ length: m * m }, (_, idx) => {
          const r = Math.floor(idx / m);
          const c = idx % m;
          let s = 0;
          for (let i = 0; i < m; i++) s += g[i * m + r] * w[i * m + c];
          return s;
        });
        assert.ok(maxAbsDiff(back, a) <= 1e-14 * m, 'reconstruction');
        const sigma = Array.from({ length: m }, (_, i) => Math.hypot(...w.slice(i * m, (i + 1) * m)));
        for (let p = 0; p < m; p++)
          for (let q = p + 1; q < m; q++) {
            let s = 0;
            for (let j = 0; j < m; j++) s += w[p * m + j] * w[q * m + j];
            assert.ok(Math.abs(s) <= 1e-14 * m * sigma[p] * sigma[q], `rows ${p}, ${q}`);
          }
        const ref = singularValuesRef(a, m, m);
        const sorted = sigma.slice().sort((x, y) => y - x);
        // The reference squares A (eigenvalues of A·Aᵀ), so its small singular values are good to √ε·σ_max only.
        assert.ok(maxAbsDiff(sorted, ref) <= 1e-7 * ref[0], 'singular values');
      });
    });
  }

  it('designSvd reports SvdNotConvergedError when its sweep limit is too small', () => {
    const n = 20;
    const d = 6;
    scoped(k, () => {
      const px = k.arena.putF64(randoms(n * d, 5));
      const py = k.arena.putF64(randoms(n, 6));
      assert.throws(
        () => designSvd(k, px, n, d, py, 1, 'test', 1),
        (e: unknown) =>
          e instanceof SvdNotConvergedError && e.code === 'FERRY_SVD_NOT_CONVERGED' && /test/.test(e.message),
      );
      assert.equal(designSvd(k, px, n, d, py, 1, 'test').singular.length, d);
    });
  });
});
