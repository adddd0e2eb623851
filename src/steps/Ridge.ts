import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { LinearModel } from './linearModel.ts';

/**
 * scikit-learn's Ridge (l2-penalised least squares, the 'cholesky' solver) on the WASM kernels: minimises
 * ‖y − Xw − b‖² + alpha·‖w‖²; the intercept is not penalised.
 *
 * Hyperparameters: `alpha` (default 1, ≥ 0), `fitIntercept` (default true).
 * After `fit`: `coef`, `intercept` (see {@link LinearModel}), `rank`, `nFeaturesIn`. `transform` predicts.
 */
export class Ridge extends LinearModel {
  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { alpha: 1, fitIntercept: true };
  }

  protected penalty(): number {
    const alpha = this.hyperparams.get('alpha');
    if (typeof alpha !== 'number' || !(alpha >= 0) || !Number.isFinite(alpha)) {
      throw new InvalidHyperparameterError(this.name, 'alpha', `must be a finite number >= 0; got ${String(alpha)}`);
    }
    return alpha;
  }
}
