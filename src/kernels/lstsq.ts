import { InvalidInputError, KernelUnavailableError, SvdNotConvergedError } from '../errors/index.ts';
import type { Kernels } from './loadKernels.ts';

/** The least-squares exports of ferry.wasm (assembly/lstsq.ts). Pointers are byte offsets; 0 means absent. */
export interface LstsqExports {
  maxAbsF64(x: number, n: number): number;
  weightedColMeanF64(x: number, n: number, d: number, w: number, out: number): number;
  centerScaleRowsF64(x: number, n: number, d: number, mean: number, s: number): void;
  qrAccumulateF64(
    x: number,
    n: number,
    d: number,
    y: number,
    t: number,
    sx: number,
    sy: number,
    r: number,
    block: number,
    blockRows: number,
  ): void;
  jacobiSvdRowsF64(a: number, m: number, len: number, v: number, maxSweeps: number, tol: number): number;
}

/** The least-squares kernels of `k`; a {@link KernelUnavailableError} when ferry.wasm predates them. */
export function lstsqExports(k: Kernels): LstsqExports {
  const e = k.exports as unknown as Partial<LstsqExports>;
  if (typeof e.qrAccumulateF64 !== 'function' || typeof e.jacobiSvdRowsF64 !== 'function') {
    throw new KernelUnavailableError('ferry.wasm has no least-squares kernels (qrAccumulateF64); rebuild it');
  }
  return e as LstsqExports;
}

/** Bytes of the row block folded into R at a time: small enough to stay in cache. */
const BLOCK_BYTES = 64 * 1024;
/** Jacobi sweeps allowed; quadratic convergence needs well under 20 on any finite matrix. */
export const JACOBI_MAX_SWEEPS = 60;

/**
 * The thin SVD of a centered (and weighted) design in factored form, X = Σ σ_i·(Q·g_i)·u_iᵀ, together with the
 * projections (Q·g_i)ᵀ·Y of the targets: enough to apply any spectral filter to the least-squares problem.
 */
export interface DesignSvd {
  /** d singular values of the design, largest first (d − n of them are 0 when n < d). */
  readonly singular: Float64Array;
  /** Jacobi sweeps run. */
  readonly sweeps: number;
  /**
   * The d×t row-major coefficients Σ_i u_i·f(σ_i)·(Q·g_i)ᵀY for the filter f (1/σ for least squares, σ/(σ²+α) for
   * ridge; return 0 to drop a direction). `f` sees each singular value once, largest first.
   */
  solve(filter: (sigma: number) => number): Float64Array;
}

/**
 * SVD of the n×d design at `px` (row-major, already centered and weighted) with the n×t targets at `py`, both in
 * WASM memory and left unchanged: Householder QR folded block by block (the design is never squared), then a
 * one-sided Jacobi SVD of the d×d R. Both matrices are scaled by exact powers of two so that no square overflows
 * or underflows. Allocates in the arena: call inside {@link scoped}.
 * @throws InvalidInputError when the data are not finite; SvdNotConvergedError (never seen on finite data).
 */
export function designSvd(
  k: Kernels,
  px: number,
  n: number,
  d: number,
  py: number,
  t: number,
  where: string,
  maxSweeps = JACOBI_MAX_SWEEPS,
): DesignSvd {
  const ex = lstsqExports(k);
  const ar = k.arena;
  const sx = powerOfTwoScale(ex.maxAbsF64(px, n * d), where, 'X');
  const sy = powerOfTwoScale(ex.maxAbsF64(py, n * t), where, 'y');
  const m = d + t;
  const pr = ar.alloc(d * m * 8);
  const blockRows = Math.max(128, Math.min(n, Math.floor(BLOCK_BYTES / (8 * m))));
  const pblock = ar.alloc(blockRows * m * 8);
  ex.qrAccumulateF64(px, n, d, py, t, sx, sy, pr, pblock, blockRows);
  const pa = ar.alloc(d * d * 8);
  const rm = ar.f64(pr, d * m);
  const a = ar.f64(pa, d * d);
  const c = new Float64Array(d * t);
  for (let i = 0; i < d; i++) {
    a.set(rm.subarray(i * m, i * m + d), i * d);
    c.set(rm.subarray(i * m + d, (i + 1) * m), i * t);
  }
  const pv = ar.alloc(d * d * 8);
  const sweeps = ex.jacobiSvdRowsF64(pa, d, d, pv, maxSweeps, Number.EPSILON * Math.sqrt(Math.max(d, 1)));
  if (sweeps < 0) throw new SvdNotConvergedError(where, maxSweeps);
  const w = ar.getF64(pa, d * d);
  const g = ar.getF64(pv, d * d);
  const scaled = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += w[i * d + j] * w[i * d + j];
    scaled[i] = Math.sqrt(s);
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => scaled[j] - scaled[i]);
  const singular = Float64Array.from(order, (i) => scaled[i] / sx);
  // (Q·g_i)ᵀ·(sy·Y) = g_iᵀ·c, one row of t values per direction.
  const gTc = new Float64Array(d * t);
  for (let i = 0; i < d; i++) {
    for (let r = 0; r < d; r++) {
      const gir = g[i * d + r];
      if (gir === 0) continue;
      for (let col = 0; col < t; col++) gTc[i * t + col] += gir * c[r * t + col];
    }
  }
  return {
    singular,
    sweeps,
    solve(filter) {
      const out = new Float64Array(d * t);
      for (const i of order) {
        const sigmaScaled = scaled[i];
        if (!(sigmaScaled > 0)) continue;
        const f = filter(sigmaScaled / sx);
        if (f === 0) continue;
        // u_i = w_i/σ̃_i; (Q·g_i)ᵀY = g_iᵀc/sy.
        const factor = f / (sigmaScaled * sy);
        for (let col = 0; col < t; col++) {
          const s = factor * gTc[i * t + col];
          if (s === 0) continue;
          for (let j = 0; j < d; j++) out[j * t + col] += w[i * d + j] * s;
        }
      }
      return out;
    },
  };
}

/** 2^−e with 2^e ≥ the largest |value| (1 for an all-zero matrix); a typed error for NaN or infinity. */
function powerOfTwoScale(maxAbs: number, where: string, what: string): number {
  if (!Number.isFinite(maxAbs)) {
    throw new InvalidInputError(where, `${what} has values that are not finite (NaN or ±Infinity) after centering`);
  }
  if (maxAbs === 0) return 1;
  const e = Math.ceil(Math.log2(maxAbs));
  // 2 ** −e in two steps so that neither factor overflows for e near ±1074.
  return 2 ** -Math.trunc(e / 2) * 2 ** -(e - Math.trunc(e / 2));
}
