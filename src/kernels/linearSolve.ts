import { InvalidInputError } from '../errors/index.ts';
import { gemmF64Ptr } from './gemm.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** Eigen-decomposition of a symmetric matrix, eigenvalues in descending order. */
export interface SymmetricEigen {
  /** m eigenvalues, largest first. */
  values: Float64Array;
  /** m×m row-major; row j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
  /** Jacobi sweeps run. */
  sweeps: number;
}

const JACOBI_SWEEPS = 100;

/**
 * Eigenvalues and eigenvectors of the symmetric m×m matrix A (row-major) by cyclic Jacobi rotations in WASM,
 * accurate to a few ulps of ‖A‖ for each eigenvalue.
 */
export function symmetricEigen(k: Kernels, a: Float64Array, m: number): SymmetricEigen {
  if (a.length !== m * m) throw new InvalidInputError('symmetricEigen', `A has ${a.length} values, expected ${m}×${m}`);
  return scoped(k, () => eigenAt(k, k.arena.putF64(a), m));
}

/** {@link symmetricEigen} on a matrix already in WASM memory (destroyed). */
function eigenAt(k: Kernels, pa: number, m: number): SymmetricEigen {
  const ar = k.arena;
  const pv = ar.alloc(m * m * 8);
  const sweeps = k.exports.jacobiEigenF64(pa, m, pv, JACOBI_SWEEPS, Number.EPSILON);
  const diag = ar.f64(pa, m * m);
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => diag[j * m + j] - diag[i * m + i]);
  const vecs = ar.f64(pv, m * m);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = diag[src * m + src];
    for (let r = 0; r < m; r++) vectors[dst * m + r] = vecs[r * m + src];
  });
  return { values, vectors, sweeps };
}

/** Options of {@link solveLeastSquares}. */
export interface LeastSquaresOptions {
  /** Center X and Y first and return the intercept that undoes it (scikit-learn's `fit_intercept`). */
  readonly fitIntercept: boolean;
  /** l2 penalty α on the coefficients (not the intercept). 0: ordinary least squares (minimum-norm solution). */
  readonly alpha: number;
}

/** Result of {@link solveLeastSquares}: `coef` is t×d row-major, `intercept` has t entries. */
export interface LeastSquaresResult {
  coef: Float64Array;
  intercept: Float64Array;
  /** Numerical rank of the (centered) design; d for ridge. */
  rank: number;
}

/**
 * Minimises ‖Y − X·Wᵀ − b‖² + α‖W‖² for the row-major n×d X and n×t Y through the normal equations: the Gram matrix
 * XcᵀXc comes from the WASM gemm; ridge (α > 0) solves (XcᵀXc + αI)·W = XcᵀYc by Cholesky like scikit-learn's
 * 'cholesky' solver, ordinary least squares uses the eigen-decomposition pseudo-inverse (minimum-norm solution, like
 * `lstsq`, with eigenvalues below max(n, d)·ε·λ_max treated as zero).
 */
export function solveLeastSquares(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  y: Float64Array,
  t: number,
  opts: LeastSquaresOptions,
): LeastSquaresResult {
  if (x.length !== n * d)
    throw new InvalidInputError('solveLeastSquares', `X has ${x.length} values, expected ${n}×${d}`);
  if (y.length !== n * t)
    throw new InvalidInputError('solveLeastSquares', `Y has ${y.length} values, expected ${n}×${t}`);
  return scoped(k, () => {
    const ar = k.arena;
    const ex = k.exports;
    const px = ar.putF64(x);
    const py = ar.putF64(y);
    let xMean: Float64Array = new Float64Array(d);
    let yMean: Float64Array = new Float64Array(t);
    if (opts.fitIntercept && n > 0) {
      const pm = ar.alloc(Math.max(d, t) * 8);
      ex.colMeanF64(px, n, d, pm);
      xMean = ar.getF64(pm, d);
      ex.subColsF64(px, n, d, pm);
      ex.colMeanF64(py, n, t, pm);
      yMean = ar.getF64(pm, t);
      ex.subColsF64(py, n, t, pm);
    }
    const work = ar.alloc(ex.gemmF64WorkBytes());
    const pg = ar.alloc(d * d * 8);
    const pr = ar.alloc(d * t * 8);
    gemmF64Ptr(k, d, d, n, px, px, pg, work, { transA: true });
    gemmF64Ptr(k, d, t, n, px, py, pr, work, { transA: true });
    let w: Float64Array;
    let rank = d;
    if (opts.alpha > 0) {
      const g = ar.f64(pg, d * d);
      for (let j = 0; j < d; j++) g[j * d + j] += opts.alpha;
      const bad = ex.choleskyF64(pg, d);
      if (bad !== 0)
        throw new InvalidInputError('solveLeastSquares', `X'X + alpha*I is not positive definite (minor ${bad})`);
      ex.choleskySolveF64(pg, d, pr, t);
      w = ar.getF64(pr, d * t);
    } else {
      const rhs = ar.getF64(pr, d * t);
      const eig = eigenAt(k, pg, d);
      const cutoff = Math.max(n, d) * Number.EPSILON * Math.max(eig.values[0] ?? 0, 0);
      w = new Float64Array(d * t);
      rank = 0;
      for (let j = 0; j < d; j++) {
        const lam = eig.values[j];
        if (!(lam > cutoff)) continue;
        rank++;
        const v = eig.vectors.subarray(j * d, (j + 1) * d);
        for (let c = 0; c < t; c++) {
          let proj = 0;
          for (let r = 0; r < d; r++) proj += v[r] * rhs[r * t + c];
          const s = proj / lam;
          for (let r = 0; r < d; r++) w[r * t + c] += s * v[r];
        }
      }
    }
    const coef = new Float64Array(t * d);
    const intercept = new Float64Array(t);
    for (let c = 0; c < t; c++) {
      let b = yMean[c];
      for (let j = 0; j < d; j++) {
        coef[c * d + j] = w[j * t + c];
        b -= xMean[j] * w[j * t + c];
      }
      intercept[c] = opts.fitIntercept ? b : 0;
    }
    return { coef, intercept, rank };
  });
}
