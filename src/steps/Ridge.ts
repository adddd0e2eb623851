import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { LinearModel, type LinearSolverSettings } from './linearModel.ts';

/** Ridge's `solver` values Ferry implements. */
export const RIDGE_SOLVERS = ['auto', 'cholesky', 'svd'] as const;

/**
 * scikit-learn's Ridge (l2-penalised least squares) on the WASM kernels: minimises
 * Σ w_i·(y_i − x_i·w − b)² + alpha·‖w‖²; the intercept is not penalised.
 *
 * Hyperparameters: `alpha` (default 1, finite, ≥ 0), `fitIntercept` (default true), `solver` (default `'auto'`):
 * `'auto'` and `'cholesky'` solve (XᵀX + αI)·w = Xᵀy by Cholesky and fall back to `'svd'` when the factorisation
 * fails, as scikit-learn does; `'svd'` is scikit-learn's SVD solver (singular values ≤ 1e-15 dropped). scikit-learn's
 * iterative solvers (`sparse_cg`, `lsqr`, `sag`, `saga`, `lbfgs`) are refused with an InvalidHyperparameterError.
 * `fit(x, y, { sampleWeight })` weighs rows like scikit-learn's `sample_weight`.
 * After `fit`: `coef`, `intercept` (see {@link LinearModel}), `rank`, `nFeaturesIn`. `transform` predicts; `score`
 * is R².
 */
export class Ridge extends LinearModel {
  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { alpha: 1, fitIntercept: true, solver: 'auto' };
  }

  protected solverSettings(): LinearSolverSettings {
    const alpha = this.hyperparams.get('alpha');
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) {
      throw new InvalidHyperparameterError(this.name, 'alpha', `must be a finite number >= 0; got ${String(alpha)}`);
    }
    const solver = this.hyperparams.get('solver') ?? 'auto';
    if (!(RIDGE_SOLVERS as readonly unknown[]).includes(solver)) {
      throw new InvalidHyperparameterError(
        this.name,
        'solver',
        `must be one of ${RIDGE_SOLVERS.map((s) => `'${s}'`).join(', ')}; got ${JSON.stringify(solver)} ` +
          "(scikit-learn's iterative solvers sparse_cg, lsqr, sag, saga and lbfgs are not implemented)",
      );
    }
    return { alpha, solver: solver === 'svd' ? 'svd' : 'cholesky' };
  }
}
