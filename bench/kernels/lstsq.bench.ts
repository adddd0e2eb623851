/**
 * Least squares: LinearRegression's solver (Householder QR folded block by block plus a one-sided Jacobi SVD of R,
 * numpy lstsq's rank rule) vs the normal-equations path it replaced (XᵀX by the WASM gemm, Jacobi eigen-decomposition,
 * eigenvalues below max(n, d)·ε·λ_max dropped), both in WASM on the same centered data in the same run. Also prints
 * each path's rank and residual sum of squares on issue 13's ill-conditioned example (iris, degree-5 polynomial).
 * Run alone: node --import tsx bench/kernels/lstsq.bench.ts
 */
import { readFileSync } from 'node:fs';
import { setDefaultKernelSource } from '../../src/kernels/index.ts';
import { solveLeastSquares, symmetricEigen } from '../../src/kernels/linearSolve.ts';
import { type Kernels, loadKernels } from '../../src/kernels/loadKernels.ts';
import { nodeKernelSource } from '../../src/kernels/nodeKernelSource.ts';
import { median, ms, timeRuns } from '../timing.ts';

const SHAPES: readonly [number, number][] = [
  [100_000, 32],
  [20_000, 128],
  [2_000, 8],
];

/** The replaced path (ferryml before issue 13): OLS coefficients through the eigen-decomposition of XcᵀXc. */
function normalEquations(k: Kernels, x: Float64Array, n: number, d: number, y: Float64Array): Float64Array {
  const ex = k.exports;
  const ar = k.arena;
  const mark = ar.mark();
  try {
    const px = ar.putF64(x);
    const py = ar.putF64(y);
    const pm = ar.alloc(d * 8);
    ex.colMeanF64(px, n, d, pm);
    ex.subColsF64(px, n, d, pm);
    ex.colMeanF64(py, n, 1, pm);
    ex.subColsF64(py, n, 1, pm);
    const work = ar.alloc(ex.gemmF64WorkBytes());
    const pg = ar.alloc(d * d * 8);
    const pr = ar.alloc(d * 8);
    ex.gemmF64(1, 0, d, d, n, 1, px, d, px, d, 0, pg, d, work);
    ex.gemmF64(1, 0, d, 1, n, 1, px, d, py, 1, 0, pr, 1, work);
    const rhs = ar.getF64(pr, d);
    const eig = symmetricEigen(k, ar.getF64(pg, d * d), d);
    const cutoff = Math.max(n, d) * Number.EPSILON * Math.max(eig.values[0] ?? 0, 0);
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      const lam = eig.values[j];
      if (!(lam > cutoff)) continue;
      const v = eig.vectors.subarray(j * d, (j + 1) * d);
      let proj = 0;
      for (let r = 0; r < d; r++) proj += v[r] * rhs[r];
      for (let r = 0; r < d; r++) w[r] += (proj / lam) * v[r];
    }
    return w;
  } finally {
    ar.release(mark);
  }
}

/** Deterministic data: n×d standard-ish features, y linear in them plus noise. */
function data(n: number, d: number): { x: Float64Array; y: Float64Array } {
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const x = Float64Array.from({ length: n * d }, rand);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 1;
    for (let j = 0; j < d; j++) v += x[i * d + j] * ((j % 5) - 2);
    y[i] = v + 0.1 * rand();
  }
  return { x, y };
}

/** Rank and RSS of both paths on the iris degree-5 example of test/fixtures/lstsq.json. */
function irisExample(k: Kernels): string {
  const fx = JSON.parse(readFileSync(new URL('../../test/fixtures/lstsq.json', import.meta.url), 'utf8')) as {
    lstsq: { name: string; X: number[][]; y: number[]; lstsq: { rss: number; rank: number } }[];
  };
  const c = fx.lstsq.find((e) => e.name === 'iris-poly5');
  if (!c) return '';
  const n = c.X.length;
  const x = Float64Array.from(c.X.flat());
  const y = Float64Array.from(c.y);
  const rssOf = (w: ArrayLike<number>) => {
    const xm = Array.from({ length: 5 }, (_, j) => c.X.reduce((s, r) => s + r[j], 0) / n);
    const ym = c.y.reduce((s, v) => s + v, 0) / n;
    let b = ym;
    for (let j = 0; j < 5; j++) b -= xm[j] * w[j];
    return c.X.reduce((s, r, i) => s + (c.y[i] - b - r.reduce((a, v, j) => a + v * w[j], 0)) ** 2, 0);
  };
  const fresh = solveLeastSquares(k, x, n, 5, y, 1, { fitIntercept: true, alpha: 0 });
  const old = normalEquations(k, x, n, 5, y);
  return (
    `  iris degree-5 (condition 6.6e7): QR+SVD rank ${fresh.rank}, RSS ${rssOf(fresh.coef).toFixed(5)}; ` +
    `normal equations RSS ${rssOf(old).toFixed(5)}; numpy lstsq rank ${c.lstsq.rank}, RSS ${c.lstsq.rss.toFixed(5)}`
  );
}

/** Times both paths on each shape; returns the medians and the ratio (QR+SVD time / normal-equations time). */
export async function runLstsqBench(runs = 7): Promise<{ shape: string; qr: number; normal: number; ratio: number }[]> {
  setDefaultKernelSource(nodeKernelSource);
  const k = await loadKernels();
  const out: { shape: string; qr: number; normal: number; ratio: number }[] = [];
  console.log(
    `lstsq.bench — OLS fit, centered, one target, f64 (median of ${runs}, the two paths alternating; copies into WASM included)`,
  );
  for (const [n, d] of SHAPES) {
    const { x, y } = data(n, d);
    // The two paths alternate run by run so that both see the same machine load; the ratio is the median of the
    // per-run ratios.
    const qrTimes: number[] = [];
    const normalTimes: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const [q] = await timeRuns(() => solveLeastSquares(k, x, n, d, y, 1, { fitIntercept: true, alpha: 0 }), 1, 0);
      const [e] = await timeRuns(() => normalEquations(k, x, n, d, y), 1, 0);
      if (r === 0) continue; // warm-up
      qrTimes.push(q);
      normalTimes.push(e);
      ratios.push(q / e);
    }
    const qr = median(qrTimes);
    const normal = median(normalTimes);
    const ratio = median(ratios);
    const a = solveLeastSquares(k, x, n, d, y, 1, { fitIntercept: true, alpha: 0 }).coef;
    const b = normalEquations(k, x, n, d, y);
    let diff = 0;
    for (let j = 0; j < d; j++) diff = Math.max(diff, Math.abs(a[j] - b[j]));
    const shape = `${n.toLocaleString('en')} × ${d}`;
    console.log(
      `  ${shape.padEnd(14)} QR+SVD ${ms(qr).padStart(9)}   normal equations ${ms(normal).padStart(9)}   ` +
        `→ QR+SVD takes ${ratio.toFixed(2)}× the time (coefficients agree to ${diff.toExponential(1)})`,
    );
    out.push({ shape, qr, normal, ratio });
  }
  console.log(irisExample(k));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await runLstsqBench();
