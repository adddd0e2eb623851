import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { assignClusters, fitKMeans } from '../kernels/kmeans.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import type { ArrayInput } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/**
 * scikit-learn's KMeans (Lloyd's algorithm, k-means++ seeding) on the WASM kernels. The seeding draws from Ferry's
 * seeded xoshiro128** stream, so the same `seed` gives bit-identical results on every runtime, but not numpy's
 * initial centers (converged solutions agree on well-separated data).
 *
 * Unlike scikit-learn, `transform` returns cluster labels (`[n]` float64, like {@link predict}) so that KMeans can end
 * a pipeline; {@link transformDistances} gives scikit-learn's `transform` (distances to every center, `[n, k]`).
 *
 * Hyperparameters: `nClusters` (8), `nInit` (1, scikit-learn ≥ 1.4's `'auto'` for k-means++), `maxIter` (300),
 * `tol` (1e-4, relative to the mean column variance), `seed` (0).
 * After `fit`: `clusterCenters` `[k, d]`, `labels` (`[n]` int32), `inertia`, `nIter`, `nFeaturesIn`.
 */
export class KMeans extends BaseStep {
  /** Cluster centers, `[k, d]` float64. */
  clusterCenters: NDArray | null = null;
  /** Cluster of each training row, `[n]` int32. */
  labels: NDArray | null = null;
  /** Sum of squared distances of the training rows to their centers. */
  inertia = 0;
  /** Lloyd iterations of the best run. */
  nIter = 0;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { nClusters: 8, nInit: 1, maxIter: 300, tol: 1e-4, seed: 0 };
  }

  override get requiresFit(): boolean {
    return true;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  private positiveInt(name: string): number {
    const v = this.hyperparams.get(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new InvalidHyperparameterError(this.name, name, `must be an integer >= 1; got ${JSON.stringify(v)}`);
    return v;
  }

  protected override async fitStep(x: unknown): Promise<void> {
    const nClusters = this.positiveInt('nClusters');
    const nInit = this.positiveInt('nInit');
    const maxIter = this.positiveInt('maxIter');
    const tol = this.hyperparams.get('tol');
    const seed = this.hyperparams.get('seed');
    if (typeof tol !== 'number' || !(tol >= 0))
      throw new InvalidHyperparameterError(this.name, 'tol', `must be a number >= 0; got ${JSON.stringify(tol)}`);
    if (typeof seed !== 'number' || !Number.isInteger(seed))
      throw new InvalidHyperparameterError(this.name, 'seed', `must be an integer; got ${JSON.stringify(seed)}`);
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, nClusters, `by KMeans with nClusters=${nClusters}`);
    const res = fitKMeans(await loadKernels(), X.data, X.rows, X.cols, { nClusters, nInit, maxIter, tol, seed });
    this.clusterCenters = new NDArray('float64', [nClusters, X.cols], res.centers);
    this.labels = new NDArray('int32', [X.rows], res.labels);
    this.inertia = res.inertia;
    this.nIter = res.nIter;
    this.nFeaturesIn = X.cols;
  }

  private async assign(x: unknown): Promise<{ labels: Int32Array; sqDistances: Float64Array; n: number; k: number }> {
    await this.ensureSetup();
    this.assertFitted();
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const centers = fitted(this.name, 'clusterCenters', this.clusterCenters);
    const k = centers.shape[0];
    const res = assignClusters(await loadKernels(), X.data, X.rows, X.cols, centers.data as Float64Array, k);
    return { ...res, n: X.rows, k };
  }

  /** Index of the closest center for each row, `[n]` float64. */
  async predict(x: ArrayInput): Promise<NDArray> {
    const { labels, n } = await this.assign(x);
    return new NDArray('float64', [n], Float64Array.from(labels));
  }

  /** Euclidean distance of each row to every center, `[n, k]` (scikit-learn's `KMeans.transform`). */
  async transformDistances(x: ArrayInput): Promise<NDArray> {
    const { sqDistances, n, k } = await this.assign(x);
    return new NDArray('float64', [n, k], sqDistances.map(Math.sqrt));
  }

  /** Cluster labels, like {@link predict}. */
  protected transformStep(x: unknown): Promise<NDArray> {
    return this.predict(x as ArrayInput);
  }
}
