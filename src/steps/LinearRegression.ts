import { LinearModel } from './linearModel.ts';

/**
 * scikit-learn's LinearRegression (ordinary least squares) on the WASM kernels. The solution is the minimum-norm
 * one, as `lstsq` gives, also for rank-deficient designs.
 *
 * Hyperparameters: `fitIntercept` (default true).
 * After `fit`: `coef`, `intercept` (see {@link LinearModel}), `rank`, `nFeaturesIn`. `transform` predicts.
 */
export class LinearRegression extends LinearModel {
  protected penalty(): number {
    return 0;
  }
}
