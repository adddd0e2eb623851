import type { LeastSquaresResult } from '../kernels/linearSolve.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import { LinearModel, type LinearSolverSettings } from './linearModel.ts';

/**
 * scikit-learn's LinearRegression (ordinary least squares) on the WASM kernels, solved like numpy's `lstsq`: the
 * centered design is reduced by Householder QR (XᵀX is never formed), its singular values come from a one-sided
 * Jacobi SVD of R, singular values at or below ε·max(n, d)·σ_max count as zero, and the solution is the minimum-norm
 * one, also for rank-deficient designs.
 *
 * Hyperparameters: `fitIntercept` (default true). `fit(x, y, { sampleWeight })` weighs rows like scikit-learn's
 * `sample_weight`.
 * After `fit`: `coef`, `intercept` (see {@link LinearModel}), `rank` and `singular` (scikit-learn's `rank_` and
 * `singular_`, of the centered, weighted design), `nFeaturesIn`. `transform` predicts; `score` is R².
 *
 * One deliberate difference: scikit-learn 1.2 calls `scipy.linalg.lstsq`, whose default cutoff is ε·σ_max; Ferry uses
 * numpy `lstsq`'s ε·max(n, d)·σ_max. They differ only for a singular value between the two.
 */
export class LinearRegression extends LinearModel {
  /** Singular values of the centered (weighted) design, largest first: `[min(n, d)]`. */
  singular: NDArray | null = null;

  protected solverSettings(): LinearSolverSettings {
    return { alpha: 0, solver: 'lstsq' };
  }

  protected override recordSolve(result: LeastSquaresResult): void {
    const s = result.singular ?? new Float64Array(0);
    this.singular = new NDArray('float64', [s.length], s);
  }
}
