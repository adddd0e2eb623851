import { InvalidInputError, SvdNotConvergedError } from '../errors/index.ts';
import { gemmF64Ptr } from './gemm.ts';
import type { Kernels } from './loadKernels.ts';
import { designSvd, lstsqExports } from './lstsq.ts';
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
  // The kernel stops at the limit without checking the last sweep: reaching it means no convergence was seen (a
  // NaN or infinite input), which must not pass as eigenvectors.
  if (sweeps >= JACOBI_SWEEPS) throw new SvdNotConvergedError('symmetric eigen-decomposition (PCA)', JACOBI_SWEEPS);
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

/** How {@link solveLeastSquares} solves: see {@link LeastSquaresOptions.solver}. */
export type LeastSquaresSolver = 'lstsq' | 'cholesky' | 'svd';

/** Options of {@link solveLeastSquares}. */
export interface LeastSquaresOptions {
  /** Center X and Y first and return the intercept that undoes it (scikit-learn's `fit_intercept`). */
  readonly fitIntercept: boolean;
  /** l2 penalty α on the coefficients (not the intercept). 0: ordinary least squares (minimum-norm solution). */
  readonly alpha: number;
  /**
   * Non-negative weight per row (scikit-learn's `sample_weight`): the means are weighted and every row is scaled by
   * √w before the solve. Checked by the caller (finite, ≥ 0, positive sum); only the length is checked here.
   */
  readonly sampleWeight?: Float64Array;
  /**
   * - `'lstsq'` (default when α = 0): SVD of the design through Householder QR, singular values at or below
   *   ε·max(n, d)·σ_max treated as zero (numpy `lstsq`'s rank rule), minimum-norm solution.
   * - `'cholesky'` (default when α > 0): scikit-learn Ridge's 'cholesky' solver, (XᵀX + αI)·W = XᵀY; when the
   *   factorisation fails it falls back to `'svd'`, as scikit-learn does.
   * - `'svd'`: scikit-learn Ridge's 'svd' solver, W = Σ u_i·σ_i/(σ_i² + α)·(U_iᵀY) over σ_i > 1e-15.
   */
  readonly solver?: LeastSquaresSolver;
  /** Names the caller in error messages (default `'solveLeastSquares'`). */
  readonly where?: string;
}

/** Result of {@link solveLeastSquares}: `coef` is t×d row-major, `intercept` has t entries. */
export interface LeastSquaresResult {
  coef: Float64Array;
  intercept: Float64Array;
  /** Numerical rank of the (centered, weighted) design by the solver's rule; d after a successful Cholesky. */
  rank: number;
  /** Singular values of the centered, weighted design, largest first (min(n, d) of them); null after Cholesky. */
  singular: Float64Array | null;
  /** The solver that produced the answer (`'svd'` after a Cholesky fallback). */
  solver: LeastSquaresSolver;
}

/** scikit-learn's `_solve_svd` drops singular values at or below this (the same default as `scipy.linalg.pinv`). */
const RIDGE_SVD_CUTOFF = 1e-15;

/**
 * Minimises Σ_i w_i·‖y_i − W·x_i − b‖² + α‖W‖² for the row-major n×d X and n×t Y (w_i = 1 without sample weights).
 * The data are centered (weighted means) and scaled by √w in WASM, then solved as {@link LeastSquaresOptions.solver}
 * says. Ordinary least squares never forms XᵀX: its accuracy is that of numpy's `lstsq` on ill-conditioned designs.
 * @throws InvalidInputError on mismatched lengths or data that are not finite.
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
  const where = opts.where ?? 'solveLeastSquares';
  if (x.length !== n * d) throw new InvalidInputError(where, `X has ${x.length} values, expected ${n}×${d}`);
  if (y.length !== n * t) throw new InvalidInputError(where, `Y has ${y.length} values, expected ${n}×${t}`);
  const sw = opts.sampleWeight;
  if (sw !== undefined && sw.length !== n)
    throw new InvalidInputError(where, `sampleWeight has ${sw.length} entries for ${n} rows`);
  const solver: LeastSquaresSolver = opts.solver ?? (opts.alpha > 0 ? 'cholesky' : 'lstsq');
  return scoped(k, () => {
    const ar = k.arena;
    const ex = lstsqExports(k);
    const px = ar.putF64(x);
    const py = ar.putF64(y);
    checkFinite(ex.maxAbsF64(px, n * d), x, d, where, 'X');
    checkFinite(ex.maxAbsF64(py, n * t), y, t, where, 'y');
    const ps = sw === undefined ? 0 : ar.putF64(sw.map(Math.sqrt));
    let xMean: Float64Array = new Float64Array(d);
    let yMean: Float64Array = new Float64Array(t);
    if (opts.fitIntercept && n > 0) {
      const pw = sw === undefined ? 0 : ar.putF64(sw);
      const pmx = ar.alloc(d * 8);
      const pmy = ar.alloc(t * 8);
      ex.weightedColMeanF64(px, n, d, pw, pmx);
      ex.weightedColMeanF64(py, n, t, pw, pmy);
      xMean = ar.getF64(pmx, d);
      yMean = ar.getF64(pmy, t);
      ex.centerScaleRowsF64(px, n, d, pmx, ps);
      ex.centerScaleRowsF64(py, n, t, pmy, ps);
    } else if (ps !== 0) {
      ex.centerScaleRowsF64(px, n, d, 0, ps);
      ex.centerScaleRowsF64(py, n, t, 0, ps);
    }
    const solved =
      (solver === 'cholesky' ? choleskyAt(k, px, n, d, py, t, opts.alpha) : null) ??
      svdAt(k, px, n, d, py, t, solver === 'lstsq' ? 0 : opts.alpha, solver === 'lstsq', where);
    const w = solved.w;
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
    return { coef, intercept, rank: solved.rank, singular: solved.singular, solver: solved.solver };
  });
}

interface Solved {
  /** d×t row-major. */
  w: Float64Array;
  rank: number;
  singular: Float64Array | null;
  solver: LeastSquaresSolver;
}

/** scikit-learn's 'cholesky' Ridge solver on the prepared design; null when XᵀX + αI is not positive definite. */
function choleskyAt(k: Kernels, px: number, n: number, d: number, py: number, t: number, alpha: number): Solved | null {
  const ar = k.arena;
  const ex = k.exports;
  const work = ar.alloc(ex.gemmF64WorkBytes());
  const pg = ar.alloc(d * d * 8);
  const pr = ar.alloc(d * t * 8);
  gemmF64Ptr(k, d, d, n, px, px, pg, work, { transA: true });
  gemmF64Ptr(k, d, t, n, px, py, pr, work, { transA: true });
  const g = ar.f64(pg, d * d);
  for (let j = 0; j < d; j++) g[j * d + j] += alpha;
  if (ex.choleskyF64(pg, d) !== 0) return null;
  ex.choleskySolveF64(pg, d, pr, t);
  const w = ar.getF64(pr, d * t);
  if (!w.every(Number.isFinite)) return null;
  return { w, rank: d, singular: null, solver: 'cholesky' };
}

/**
 * Least squares (`lstsq`: rank rule ε·max(n, d)·σ_max, minimum norm) or scikit-learn's 'svd' ridge solver on the
 * prepared design.
 */
function svdAt(
  k: Kernels,
  px: number,
  n: number,
  d: number,
  py: number,
  t: number,
  alpha: number,
  lstsq: boolean,
  where: string,
): Solved {
  const svd = designSvd(k, px, n, d, py, t, where);
  const sigmaMax = svd.singular[0] ?? 0;
  const cutoff = lstsq ? Number.EPSILON * Math.max(n, d) * sigmaMax : RIDGE_SVD_CUTOFF;
  let rank = 0;
  for (const s of svd.singular) if (s > cutoff) rank++;
  // σ/(σ² + α) written as 1/(σ + α/σ), so that σ² never underflows or overflows.
  const w = svd.solve((s) => (s > cutoff ? 1 / (s + alpha / s) : 0));
  return { w, rank, singular: svd.singular.slice(0, Math.min(n, d)), solver: lstsq ? 'lstsq' : 'svd' };
}

/** An InvalidInputError naming the first non-finite value when `maxAbs` (of `data`) is not finite. */
function checkFinite(maxAbs: number, data: Float64Array, cols: number, where: string, what: string): void {
  if (Number.isFinite(maxAbs)) return;
  const at = data.findIndex((v) => !Number.isFinite(v));
  const row = Math.floor(at / Math.max(cols, 1));
  throw new InvalidInputError(
    where,
    `${what} contains ${String(data[at])} at row ${row}${cols > 1 ? `, column ${at - row * cols}` : ''}; ` +
      'least squares needs finite values',
  );
}
