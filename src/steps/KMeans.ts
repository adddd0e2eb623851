import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import {
  fitKMeans,
  type KMeansInit,
  nearestCenters,
  type RowsAndCenters,
  squaredDistancesToCenters,
} from '../kernels/kmeans.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import type { ArrayInput } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep, type StepOptions } from '../step/BaseStep.ts';
import { type ConvergenceWarningHandler, emitConvergenceWarning } from './convergence.ts';
import { sampleWeightOf, takeSampleWeight, type WeightedFitOptions, withSampleWeight } from './sampleWeight.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/** Options of {@link KMeans}: the step options plus where its convergence warnings go. */
export interface KMeansOptions extends StepOptions {
  /**
   * Receives the warning of a fit whose best run stopped at `maxIter`; `'silent'` drops it. Defaults to the
   * process-wide handler (`console.warn`, see `setConvergenceWarningHandler`). Not a field, so never saved.
   */
  readonly onConvergenceWarning?: ConvergenceWarningHandler | 'silent';
}

/**
 * scikit-learn 1.2.1's KMeans (`algorithm='lloyd'`) on the WASM kernels. Ferry follows scikit-learn 1.2.1, the
 * version Debian 12 ships and that generated the fixtures (`scripts/make_classical_fixture.py`): `nInit` defaults
 * to 10 (1.4 changed it to `'auto'`), seeding ignores `sampleWeight` (1.3 changed that), and explicit centers run
 * once whatever `nInit` says (scikit-learn warns). The random seeding draws from Ferry's seeded xoshiro128**
 * stream, so the same `seed` gives bit-identical results on every runtime, but not numpy's initial centers
 * (converged solutions agree on well-separated data; from explicit centers the whole fit matches).
 *
 * Deliberate differences: a fit whose best run stops at `maxIter` without converging emits a `ConvergenceWarning`
 * (scikit-learn stays silent), and negative or non-finite sample weights are refused.
 *
 * Unlike scikit-learn, `transform` returns cluster labels (`[n]` float64, like {@link predict}) so that KMeans can end
 * a pipeline; {@link transformDistances} gives scikit-learn's `transform` (distances to every center, `[n, k]`).
 *
 * Hyperparameters: `nClusters` (8), `init` (`'k-means++'`, `'random'`, or explicit centers as `nClusters` rows of
 * `d` numbers, stored flat row-major), `nInit` (10, or `'auto'`: 1 for k-means++, 10 for random), `maxIter` (300),
 * `tol` (1e-4, relative to the mean column variance), `seed` (0).
 * After `fit`: `clusterCenters` `[k, d]`, `labels` (`[n]` int32), `inertia`, `nIter`, `converged`, `nFeaturesIn`.
 */
export class KMeans extends BaseStep {
  /** Cluster centers, `[k, d]` float64. */
  clusterCenters: NDArray | null = null;
  /** Cluster of each training row, `[n]` int32. */
  labels: NDArray | null = null;
  /** Sum of (weighted) squared distances of the training rows to their centers. */
  inertia = 0;
  /** Lloyd iterations of the best run. */
  nIter = 0;
  /** Whether the best run met its tolerance (or stable labels) before `maxIter`. */
  converged = false;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** Where convergence warnings go; not an own enumerable field, so never saved. */
  declare private onConvergenceWarning: ConvergenceWarningHandler | 'silent' | undefined;

  constructor(options: KMeansOptions = {}) {
    super(options);
    if (options.onConvergenceWarning)
      Object.defineProperty(this, 'onConvergenceWarning', {
        value: options.onConvergenceWarning,
        enumerable: false,
        writable: true,
      });
  }

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { nClusters: 8, init: 'k-means++', nInit: 10, maxIter: 300, tol: 1e-4, seed: 0 };
  }

  /** Accepts explicit centers as rows (`[[…], […]]`) and stores them flat. */
  protected override normalizeHyperparams(own: Record<string, unknown>): Record<string, unknown> {
    const init = own.init;
    if (Array.isArray(init) && init.some(Array.isArray)) return { ...own, init: (init as unknown[]).flat() };
    if (ArrayBuffer.isView(init)) return { ...own, init: Array.from(init as Float64Array) };
    return own;
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

  /** Fits on `x` (weighted like {@link fit}) and returns the cluster labels. */
  override fitTransform(x: unknown, y?: unknown, options: WeightedFitOptions = {}): Promise<unknown> {
    return withSampleWeight(this, options.sampleWeight, () => super.fitTransform(x, y));
  }

  private positiveInt(name: string): number {
    const v = this.hyperparams.get(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new InvalidHyperparameterError(this.name, name, `must be an integer >= 1; got ${JSON.stringify(v)}`);
    return v;
  }

  private initOf(nClusters: number, d: number): KMeansInit {
    const init = this.hyperparams.get('init');
    if (init === 'k-means++' || init === 'random') return init;
    if (Array.isArray(init)) {
      if (init.length !== nClusters * d || !init.every((v) => typeof v === 'number' && Number.isFinite(v)))
        throw new InvalidHyperparameterError(
          this.name,
          'init',
          `explicit centers must be ${nClusters} rows of ${d} finite numbers (nClusters × features); got ${init.length} values`,
        );
      return Float64Array.from(init as number[]);
    }
    throw new InvalidHyperparameterError(
      this.name,
      'init',
      `must be 'k-means++', 'random' or explicit centers; got ${JSON.stringify(init)}`,
    );
  }

  private nInitOf(init: KMeansInit): number {
    if (this.hyperparams.get('nInit') === 'auto') return init === 'k-means++' ? 1 : 10;
    return this.positiveInt('nInit');
  }

  protected override async fitStep(x: unknown): Promise<void> {
    const nClusters = this.positiveInt('nClusters');
    const maxIter = this.positiveInt('maxIter');
    const tol = this.hyperparams.get('tol');
    const seed = this.hyperparams.get('seed');
    if (typeof tol !== 'number' || !(tol >= 0))
      throw new InvalidHyperparameterError(this.name, 'tol', `must be a number >= 0; got ${JSON.stringify(tol)}`);
    if (typeof seed !== 'number' || !Number.isInteger(seed))
      throw new InvalidHyperparameterError(this.name, 'seed', `must be an integer; got ${JSON.stringify(seed)}`);
    const X = inputMatrix(this.name, x);
    const init = this.initOf(nClusters, X.cols);
    const nInit = this.nInitOf(init);
    checkMinRows(this.name, X, nClusters, `by KMeans with nClusters=${nClusters}`);
    const sampleWeight = sampleWeightOf(this.name, takeSampleWeight(this), X.rows);
    const res = fitKMeans(await loadKernels(), X.data, X.rows, X.cols, {
      nClusters,
      init,
      nInit,
      maxIter,
      tol,
      seed,
      sampleWeight,
    });
    this.clusterCenters = new NDArray('float64', [nClusters, X.cols], res.centers);
    this.labels = new NDArray('int32', [X.rows], res.labels);
    this.inertia = res.inertia;
    this.nIter = res.nIter;
    this.converged = res.converged;
    this.nFeaturesIn = X.cols;
    if (!res.converged) {
      emitConvergenceWarning(
        {
          step: this.name,
          solver: 'lloyd',
          nIter: res.nIter,
          maxIter,
          message: `Lloyd's algorithm stopped at maxIter=${maxIter} before the centers moved less than tol=${tol}; increase maxIter or tol.`,
        },
        this.onConvergenceWarning,
      );
    }
  }

  /** The checked rows of `x` and the fitted centers, for prediction. */
  private async rowsAndCenters(x: unknown): Promise<RowsAndCenters> {
    await this.ensureSetup();
    this.assertFitted();
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const centers = fitted(this.name, 'clusterCenters', this.clusterCenters);
    return { x: X.data, n: X.rows, d: X.cols, centers: centers.data as Float64Array, k: centers.shape[0] };
  }

  /** Index of the closest center for each row, `[n]` float64 (no `n × k` distance matrix is made). */
  async predict(x: ArrayInput): Promise<NDArray> {
    const rc = await this.rowsAndCenters(x);
    return new NDArray('float64', [rc.n], Float64Array.from(nearestCenters(await loadKernels(), rc)));
  }

  /** Euclidean distance of each row to every center, `[n, k]` (scikit-learn's `KMeans.transform`). */
  async transformDistances(x: ArrayInput): Promise<NDArray> {
    const rc = await this.rowsAndCenters(x);
    const sq = squaredDistancesToCenters(await loadKernels(), rc);
    return new NDArray('float64', [rc.n, rc.k], sq.map(Math.sqrt));
  }

  /** Cluster labels, like {@link predict}. */
  protected transformStep(x: unknown): Promise<NDArray> {
    return this.predict(x as ArrayInput);
  }
}
