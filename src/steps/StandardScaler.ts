import type { HyperparameterValue } from '../hyperparams/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { columnMeanVar, fitStandardize, mulAddColumns, subDivColumns } from '../kernels/stats.ts';
import type { ArrayInput } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { sampleWeightOf, takeSampleWeight, type WeightedFitOptions, withSampleWeight } from './sampleWeight.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix, type MatrixInput } from './stepInput.ts';

/**
 * scikit-learn's StandardScaler on the WASM kernels: `(x − mean) / scale` per column, with the population variance
 * (ddof = 0) and constant columns scaled by 1.
 *
 * Hyperparameters: `withMean` (default true), `withStd` (default true), `copy` (default true; false transforms a
 * float64 input in place, like scikit-learn's `copy=False`, and returns an NDArray over the same memory).
 * After `fit`: `mean` (null when both flags are false), `var` and `scale` (null without `withStd`), all `[d]` float64;
 * `nFeaturesIn`, `nSamplesSeen`. `transform` returns an `[n, d]` float64 NDArray.
 *
 * `fit(x, y, { sampleWeight })` weighs rows like scikit-learn 1.2.1's `sample_weight`: weighted mean and population
 * variance, and `nSamplesSeen` is then the sum of the weights (a float), as scikit-learn's `n_samples_seen_` is.
 */
export class StandardScaler extends BaseStep {
  /** Column means, `[d]`. */
  mean: NDArray | null = null;
  /** Column population variances, `[d]`. */
  var: NDArray | null = null;
  /** Column scales √var (1 for constant columns), `[d]`. */
  scale: NDArray | null = null;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** Number of rows seen in fit; with `sampleWeight`, the sum of the weights. */
  nSamplesSeen = 0;

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { withMean: true, withStd: true, copy: true };
  }

  override get requiresFit(): boolean {
    return true;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  /** Fits on `x`; `options.sampleWeight` weighs the rows like scikit-learn's `sample_weight`. */
  override fit(x: unknown, y?: unknown, options: WeightedFitOptions = {}): Promise<this> {
    return withSampleWeight(this, options.sampleWeight, () => super.fit(x, y));
  }

  /** Fits on `x` (weighted like {@link fit}) and returns the standardized `x`. */
  override fitTransform(x: unknown, y?: unknown, options: WeightedFitOptions = {}): Promise<unknown> {
    return withSampleWeight(this, options.sampleWeight, () => super.fitTransform(x, y));
  }

  /** The checked weights of the running fit and the sample count they stand for (Σw, or the rows). */
  private weights(rows: number): { sw: Float64Array | undefined; seen: number } {
    const sw = sampleWeightOf(this.name, takeSampleWeight(this), rows);
    return { sw, seen: sw ? sw.reduce((a, b) => a + b, 0) : rows };
  }

  private flags(): { withMean: boolean; withStd: boolean } {
    return {
      withMean: this.hyperparams.get('withMean') !== false,
      withStd: this.hyperparams.get('withStd') !== false,
    };
  }

  protected override async fitStep(x: unknown): Promise<void> {
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 1, 'by StandardScaler');
    const { sw, seen } = this.weights(X.rows);
    const stats = columnMeanVar(await loadKernels(), X.data, X.rows, X.cols, sw);
    const scale = this.flags().withStd ? scalesOf(stats.mean, stats.var, seen) : undefined;
    this.store(seen, X.cols, stats.mean, stats.var, scale);
  }

  /** Fit and transform sharing one copy of the data in WASM memory. */
  protected override async fitTransformStep(x: unknown): Promise<NDArray> {
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 1, 'by StandardScaler');
    const flags = this.flags();
    const { sw, seen } = this.weights(X.rows);
    const out = this.outputFor(X, x);
    const stats = fitStandardize(
      await loadKernels(),
      X.data,
      X.rows,
      X.cols,
      flags,
      (mean, variance) => scalesOf(mean, variance, seen),
      out,
      sw,
    );
    this.store(seen, X.cols, stats.mean, stats.var, flags.withStd ? stats.scale : undefined);
    this.markFitted();
    return new NDArray('float64', [X.rows, X.cols], out);
  }

  private store(n: number, d: number, mean: Float64Array, variance: Float64Array, scale?: Float64Array): void {
    this.mean = this.flags().withMean || scale ? new NDArray('float64', [d], mean) : null;
    this.var = scale ? new NDArray('float64', [d], variance) : null;
    this.scale = scale ? new NDArray('float64', [d], scale) : null;
    this.nFeaturesIn = d;
    this.nSamplesSeen = n;
  }

  /** The output buffer: the input itself when `copy` is false and the input is float64, else a new array. */
  private outputFor(X: MatrixInput, x: unknown): Float64Array {
    const ownsInput = x instanceof Float64Array || (x instanceof NDArray && x.data === X.data);
    return this.hyperparams.get('copy') === false && ownsInput ? X.data : new Float64Array(X.rows * X.cols);
  }

  private shifts(d: number): { sub: Float64Array; div: Float64Array } {
    const sub = this.flags().withMean
      ? (fitted(this.name, 'mean', this.mean).data as Float64Array)
      : new Float64Array(d);
    const div = this.scale ? (this.scale.data as Float64Array) : new Float64Array(d).fill(1);
    return { sub, div };
  }

  protected async transformStep(x: unknown): Promise<NDArray> {
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const { sub, div } = this.shifts(X.cols);
    const result = subDivColumns(await loadKernels(), X.data, X.rows, X.cols, sub, div);
    const out = this.hyperparams.get('copy') === false ? this.outputFor(X, x) : result;
    if (out !== result) out.set(result);
    return new NDArray('float64', [X.rows, X.cols], out);
  }

  /** Undoes {@link transform}: `x · scale + mean`. */
  async inverseTransform(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    this.assertFitted();
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const { sub, div } = this.shifts(X.cols);
    const out = mulAddColumns(await loadKernels(), X.data, X.rows, X.cols, div, sub);
    return new NDArray('float64', [X.rows, X.cols], out);
  }
}

/** √variance per column, 1 for constant columns. */
function scalesOf(mean: Float64Array, variance: Float64Array, n: number): Float64Array {
  return variance.map((v, j) => (isConstant(v, mean[j], n) ? 1 : Math.sqrt(v)));
}

/** scikit-learn's `_is_constant_feature`: the variance is within rounding error of 0. */
function isConstant(variance: number, mean: number, n: number): boolean {
  const eps = Number.EPSILON;
  return variance <= n * eps * variance + (n * mean * eps) ** 2;
}
