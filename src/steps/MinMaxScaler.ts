import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { columnMinMax, mulAddColumns, subDivColumns } from '../kernels/stats.ts';
import type { ArrayInput } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/**
 * scikit-learn's MinMaxScaler on the WASM kernels: `x · scale + min` maps each column's [dataMin, dataMax] onto
 * `featureRange` (constant columns get scale `(hi − lo)`, i.e. a data range of 1).
 *
 * Hyperparameters: `featureRange` (default `[0, 1]`), `clip` (default false: clip transformed values to the range).
 * After `fit`: `dataMin`, `dataMax`, `dataRange`, `scale`, `min` (all `[d]` float64), `nFeaturesIn`, `nSamplesSeen`.
 */
export class MinMaxScaler extends BaseStep {
  /** Per-column minimum seen in fit. */
  dataMin: NDArray | null = null;
  /** Per-column maximum seen in fit. */
  dataMax: NDArray | null = null;
  /** dataMax − dataMin. */
  dataRange: NDArray | null = null;
  /** Per-column multiplier of the transform. */
  scale: NDArray | null = null;
  /** Per-column offset of the transform. */
  min: NDArray | null = null;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** Number of rows seen in fit. */
  nSamplesSeen = 0;

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { featureRange: [0, 1], clip: false };
  }

  override get requiresFit(): boolean {
    return true;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  private range(): [number, number] {
    const fr = this.hyperparams.get('featureRange');
    if (!Array.isArray(fr) || fr.length !== 2 || typeof fr[0] !== 'number' || typeof fr[1] !== 'number') {
      throw new InvalidHyperparameterError(this.name, 'featureRange', `must be [min, max]; got ${JSON.stringify(fr)}`);
    }
    if (!(fr[0] < fr[1])) {
      throw new InvalidHyperparameterError(
        this.name,
        'featureRange',
        `Minimum of desired feature range must be smaller than maximum. Got ${JSON.stringify(fr)}.`,
      );
    }
    return [fr[0], fr[1]];
  }

  protected override async fitStep(x: unknown): Promise<void> {
    const [lo, hi] = this.range();
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 1, 'by MinMaxScaler');
    const mm = columnMinMax(await loadKernels(), X.data, X.rows, X.cols);
    const d = X.cols;
    const range = new Float64Array(d);
    const scale = new Float64Array(d);
    const min = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      range[j] = mm.max[j] - mm.min[j];
      scale[j] = (hi - lo) / (range[j] < 10 * Number.EPSILON ? 1 : range[j]);
      min[j] = lo - mm.min[j] * scale[j];
    }
    this.dataMin = new NDArray('float64', [d], mm.min);
    this.dataMax = new NDArray('float64', [d], mm.max);
    this.dataRange = new NDArray('float64', [d], range);
    this.scale = new NDArray('float64', [d], scale);
    this.min = new NDArray('float64', [d], min);
    this.nFeaturesIn = d;
    this.nSamplesSeen = X.rows;
  }

  protected async transformStep(x: unknown): Promise<NDArray> {
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const scale = fitted(this.name, 'scale', this.scale).data as Float64Array;
    const min = fitted(this.name, 'min', this.min).data as Float64Array;
    const out = mulAddColumns(await loadKernels(), X.data, X.rows, X.cols, scale, min);
    if (this.hyperparams.get('clip') === true) {
      const [lo, hi] = this.range();
      for (let i = 0; i < out.length; i++) out[i] = Math.min(hi, Math.max(lo, out[i]));
    }
    return new NDArray('float64', [X.rows, X.cols], out);
  }

  /** Undoes {@link transform}: `(x − min) / scale`. */
  async inverseTransform(x: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    this.assertFitted();
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const scale = fitted(this.name, 'scale', this.scale).data as Float64Array;
    const min = fitted(this.name, 'min', this.min).data as Float64Array;
    const out = subDivColumns(await loadKernels(), X.data, X.rows, X.cols, min, scale);
    return new NDArray('float64', [X.rows, X.cols], out);
  }
}
