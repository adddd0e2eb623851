import { InvalidHyperparameterError, InvalidInputError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { type LeastSquaresResult, type LeastSquaresSolver, solveLeastSquares } from '../kernels/linearSolve.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { decisionFunction } from '../kernels/logisticRegression.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { r2Score } from './r2Score.ts';
import { sampleWeightOf, takeSampleWeight, type WeightedFitOptions, withSampleWeight } from './sampleWeight.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/** How a linear model solves: its l2 penalty and the solver of {@link solveLeastSquares}. */
export interface LinearSolverSettings {
  readonly alpha: number;
  readonly solver: LeastSquaresSolver;
}

/**
 * Shared machinery of {@link LinearRegression} and {@link Ridge}: the data are centered (weighted means) and scaled
 * by √sampleWeight in WASM, then solved by the model's solver (least squares through Householder QR and an SVD, or
 * Ridge's Cholesky with its SVD fallback). Targets may be `[n]` (then `coef` is `[d]` and `intercept` a 0-d array)
 * or `[n, t]` (`coef` `[t, d]`, `intercept` `[t]`). `transform` predicts; `score` is R².
 */
export abstract class LinearModel extends BaseStep {
  /** Coefficients: `[d]` for 1-d targets, `[t, d]` otherwise. */
  coef: NDArray | null = null;
  /** Intercept: 0-d for 1-d targets, `[t]` otherwise (zeros without `fitIntercept`). */
  intercept: NDArray | null = null;
  /** Numerical rank of the centered design by the solver's rule (d after a successful Cholesky). */
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

  /**
   * Fits on `x` and the targets `y`; `options.sampleWeight` weighs the rows like scikit-learn's `sample_weight`
   * (finite, ≥ 0, positive sum; anything else is an InvalidInputError naming the step).
   */
  override fit(x: unknown, y?: unknown, options: WeightedFitOptions = {}): Promise<this> {
    return withSampleWeight(this, options.sampleWeight, () => super.fit(x, y));
  }

  /** Fits (weighted like {@link fit}) and returns the predictions for `x`. */
  override fitTransform(x: unknown, y?: unknown, options: WeightedFitOptions = {}): Promise<unknown> {
    return withSampleWeight(this, options.sampleWeight, () => super.fitTransform(x, y));
  }

  /** The model's penalty and solver; validates its hyperparameters. */
  protected abstract solverSettings(): LinearSolverSettings;

  /** Records what a subclass keeps of the solve beyond coef, intercept and rank (LinearRegression's `singular`). */
  protected recordSolve(_result: LeastSquaresResult, _rows: number): void {}

  /** The `fitIntercept` hyperparameter, which must be a boolean. */
  protected fitIntercept(): boolean {
    const v = this.hyperparams.get('fitIntercept');
    if (typeof v !== 'boolean')
      throw new InvalidHyperparameterError(this.name, 'fitIntercept', `must be true or false; got ${String(v)}`);
    return v;
  }

  protected override async fitStep(x: unknown, y: unknown): Promise<void> {
    const settings = this.solverSettings();
    const fitIntercept = this.fitIntercept();
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 1, 'by a linear model');
    if (X.cols < 1)
      throw new InvalidInputError(`Step "${this.name}"`, 'found 0 features while a minimum of 1 is required');
    if (y === undefined || y === null)
      throw new InvalidInputError(`Step "${this.name}"`, 'fit() needs expected outputs (targets)');
    const Y = asNDArray(y as ArrayInput, `Step "${this.name}" expected outputs`);
    if (Y.ndim < 1 || Y.ndim > 2 || Y.shape[0] !== X.rows || (Y.ndim === 2 && Y.shape[1] < 1)) {
      throw new InvalidInputError(
        `Step "${this.name}"`,
        `expected targets of shape [${X.rows}] or [${X.rows}, t], got [${Y.shape.join(', ')}]`,
      );
    }
    const t = Y.ndim === 2 ? Y.shape[1] : 1;
    const sampleWeight = sampleWeightOf(this.name, takeSampleWeight(this), X.rows);
    const res = solveLeastSquares(await loadKernels(), X.data, X.rows, X.cols, targetData(Y), t, {
      fitIntercept,
      alpha: settings.alpha,
      solver: settings.solver,
      sampleWeight,
      where: `Step "${this.name}"`,
    });
    this.coef = new NDArray('float64', Y.ndim === 2 ? [t, X.cols] : [X.cols], res.coef);
    this.intercept = new NDArray('float64', Y.ndim === 2 ? [t] : [], res.intercept);
    this.rank = res.rank;
    this.nFeaturesIn = X.cols;
    this.recordSolve(res, X.rows);
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

  /**
   * R² of {@link predict} on `x` against `y` (scikit-learn's `score`, i.e. `r2_score` with `sample_weight`, averaged
   * uniformly over targets). `y` is `[n]` or `[n, t]` like the targets of the fit. NaN for fewer than two rows, as
   * in scikit-learn.
   */
  async score(x: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput): Promise<number> {
    const pred = await this.predict(x);
    const n = pred.shape[0];
    const t = pred.ndim === 2 ? pred.shape[1] : 1;
    const Y = asNDArray(y, `Step "${this.name}" score() targets`);
    if (Y.ndim < 1 || Y.ndim > 2 || Y.shape[0] !== n || Y.size !== n * t) {
      throw new InvalidInputError(
        `Step "${this.name}" score()`,
        `expected targets of shape [${t === 1 ? n : `${n}, ${t}`}], got [${Y.shape.join(', ')}]`,
      );
    }
    const sw = sampleWeightOf(this.name, sampleWeight, n);
    return r2Score(targetData(Y), pred.data as Float64Array, n, t, sw);
  }

  protected transformStep(x: unknown): Promise<NDArray> {
    return this.predict(x as ArrayInput);
  }
}

/** The targets as float64 values, row-major. */
function targetData(Y: NDArray): Float64Array {
  return Y.data instanceof Float64Array ? Y.data : Float64Array.from(Y.data as ArrayLike<number>, Number);
}
