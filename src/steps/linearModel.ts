import { InvalidInputError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { solveLeastSquares } from '../kernels/linearSolve.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { decisionFunction } from '../kernels/logisticRegression.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/**
 * Shared machinery of {@link LinearRegression} and {@link Ridge}: least squares on the normal equations (WASM gemm
 * for XᵀX, Cholesky or eigen pseudo-inverse for the solve). Targets may be `[n]` (then `coef` is `[d]` and
 * `intercept` a 0-d array) or `[n, t]` (`coef` `[t, d]`, `intercept` `[t]`). `transform` predicts.
 */
export abstract class LinearModel extends BaseStep {
  /** Coefficients: `[d]` for 1-d targets, `[t, d]` otherwise. */
  coef: NDArray | null = null;
  /** Intercept: 0-d for 1-d targets, `[t]` otherwise (zeros without `fitIntercept`). */
  intercept: NDArray | null = null;
  /** Numerical rank of the centered design (d for ridge). */
  rank = 0;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { fitIntercept: true };
  }

  override get requiresFit(): boolean {
    return true;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  /** The l2 penalty of the model (0 for ordinary least squares); validates the hyperparameter. */
  protected abstract penalty(): number;

  protected override async fitStep(x: unknown, y: unknown): Promise<void> {
    const alpha = this.penalty();
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 1, 'by a linear model');
    if (y === undefined || y === null)
      throw new InvalidInputError(`Step "${this.name}"`, 'fit() needs expected outputs (targets)');
    const Y = asNDArray(y as ArrayInput, `Step "${this.name}" expected outputs`);
    if (Y.ndim < 1 || Y.ndim > 2 || Y.shape[0] !== X.rows) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `expected targets of shape [${X.rows}] or [${X.rows}, t], got [${Y.shape.join(', ')}]`,
      );
    }
    const t = Y.ndim === 2 ? Y.shape[1] : 1;
    const yData = Y.data instanceof Float64Array ? Y.data : Float64Array.from(Y.data as ArrayLike<number>, Number);
    const res = solveLeastSquares(await loadKernels(), X.data, X.rows, X.cols, yData, t, {
      fitIntercept: this.hyperparams.get('fitIntercept') !== false,
      alpha,
    });
    this.coef = new NDArray('float64', Y.ndim === 2 ? [t, X.cols] : [X.cols], res.coef);
    this.intercept = new NDArray('float64', Y.ndim === 2 ? [t] : [], res.intercept);
    this.rank = res.rank;
    this.nFeaturesIn = X.cols;
  }

  /** Predictions X·coefᵀ + intercept: `[n]` for models fitted on 1-d targets, `[n, t]` otherwise. */
  async predict(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    this.assertFitted();
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const coef = fitted(this.name, 'coef', this.coef);
    const intercept = fitted(this.name, 'intercept', this.intercept);
    const t = coef.ndim === 2 ? coef.shape[0] : 1;
    const out = await decisionFunction(
      X.data,
      X.rows,
      X.cols,
      coef.data as Float64Array,
      intercept.data as Float64Array,
      t,
    );
    return new NDArray('float64', coef.ndim === 2 ? [X.rows, t] : [X.rows], out);
  }

  protected transformStep(x: unknown): Promise<NDArray> {
    return this.predict(x as ArrayInput);
  }
}
