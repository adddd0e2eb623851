import { InvalidHyperparameterError } from '../errors/index.ts';
import type { HyperparameterValue } from '../hyperparams/index.ts';
import { loadKernels } from '../kernels/loadKernels.ts';
import { principalAxes, projectCentered, unproject } from '../kernels/pca.ts';
import type { ArrayInput } from '../ndarray/asNDArray.ts';
import { NDArray } from '../ndarray/NDArray.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { BaseStep } from '../step/BaseStep.ts';
import { checkFeatureCount, checkMinRows, fitted, inputMatrix } from './stepInput.ts';

/**
 * scikit-learn's PCA (the exact 'full' solver) on the WASM kernels, through the eigen-decomposition of the covariance
 * matrix (gemm for XcᵀXc, Jacobi for the eigenpairs). Component signs follow scikit-learn's `svd_flip`.
 *
 * Hyperparameters: `nComponents` (null: min(n, d); an integer; or a fraction in (0, 1) of the variance to keep),
 * `whiten` (default false: divide the projections by √explainedVariance).
 * After `fit`: `mean` `[d]`, `components` `[c, d]`, `explainedVariance`, `explainedVarianceRatio`, `singularValues`
 * (`[c]`), `noiseVariance`, `nComponentsFitted`, `nFeaturesIn`, `nSamples`. `transform` projects to `[n, c]`.
 */
export class PCA extends BaseStep {
  /** Column means, `[d]`. */
  mean: NDArray | null = null;
  /** Principal axes, `[c, d]`, largest variance first. */
  components: NDArray | null = null;
  /** Variance along each component (ddof = 1), `[c]`. */
  explainedVariance: NDArray | null = null;
  /** Fraction of the total variance along each component, `[c]`. */
  explainedVarianceRatio: NDArray | null = null;
  /** Singular values of the centered data, `[c]`. */
  singularValues: NDArray | null = null;
  /** Mean variance of the discarded components (0 when none is discarded). */
  noiseVariance = 0;
  /** Number of components kept (scikit-learn's `n_components_`). */
  nComponentsFitted = 0;
  /** Number of features seen in fit. */
  nFeaturesIn = 0;
  /** Number of rows seen in fit. */
  nSamples = 0;

  protected override defaultHyperparams(): Record<string, HyperparameterValue> {
    return { nComponents: null, whiten: false };
  }

  override get requiresFit(): boolean {
    return true;
  }

  override async setup(context?: ExecutionContext): Promise<this> {
    await loadKernels();
    return super.setup(context);
  }

  /** The number of components to keep given the sorted variance ratios. */
  private componentCount(ratios: Float64Array, maxRank: number): number {
    const nc = this.hyperparams.get('nComponents');
    if (nc === null || nc === undefined) return maxRank;
    if (typeof nc === 'number' && Number.isInteger(nc) && nc >= 0) {
      if (nc > maxRank) {
        throw new InvalidHyperparameterError(
          this.name,
          'nComponents',
          `n_components=${nc} must be between 0 and min(n_samples, n_features)=${maxRank} with svd_solver='full'`,
        );
      }
      return nc;
    }
    if (typeof nc === 'number' && nc > 0 && nc < 1) {
      let cum = 0;
      for (let j = 0; j < maxRank; j++) {
        cum += ratios[j];
        if (cum > nc) return j + 1;
      }
      return maxRank;
    }
    throw new InvalidHyperparameterError(
      this.name,
      'nComponents',
      `must be null, an integer >= 0 or a fraction in (0, 1); got ${JSON.stringify(nc)}`,
    );
  }

  protected override async fitStep(x: unknown): Promise<void> {
    const X = inputMatrix(this.name, x);
    checkMinRows(this.name, X, 2, 'by PCA');
    const { rows: n, cols: d } = X;
    const axes = principalAxes(await loadKernels(), X.data, n, d);
    const maxRank = Math.min(n, d);
    const ev = axes.eigenvalues.map((v) => v / (n - 1));
    const total = ev.reduce((a, b) => a + b, 0);
    const ratios = ev.map((v) => (total > 0 ? v / total : 0));
    const c = this.componentCount(ratios, maxRank);
    let noise = 0;
    if (c < maxRank) {
      for (let j = c; j < maxRank; j++) noise += ev[j];
      noise /= maxRank - c;
    }
    this.mean = new NDArray('float64', [d], axes.mean);
    this.components = new NDArray('float64', [c, d], axes.axes.slice(0, c * d));
    this.explainedVariance = new NDArray('float64', [c], ev.slice(0, c));
    this.explainedVarianceRatio = new NDArray('float64', [c], ratios.slice(0, c));
    this.singularValues = new NDArray('float64', [c], axes.eigenvalues.slice(0, c).map(Math.sqrt));
    this.noiseVariance = noise;
    this.nComponentsFitted = c;
    this.nFeaturesIn = d;
    this.nSamples = n;
  }

  private whitening(): Float64Array | undefined {
    if (this.hyperparams.get('whiten') !== true) return undefined;
    return (fitted(this.name, 'explainedVariance', this.explainedVariance).data as Float64Array).map(Math.sqrt);
  }

  protected async transformStep(x: unknown): Promise<NDArray> {
    const X = inputMatrix(this.name, x);
    checkFeatureCount(this.name, X, this.nFeaturesIn);
    const comps = fitted(this.name, 'components', this.components);
    const mean = fitted(this.name, 'mean', this.mean);
    const c = comps.shape[0];
    const out = projectCentered(
      await loadKernels(),
      X.data,
      X.rows,
      X.cols,
      mean.data as Float64Array,
      comps.data as Float64Array,
      c,
      this.whitening(),
    );
    return new NDArray('float64', [X.rows, c], out);
  }

  /** Maps projections `[n, c]` back to the input space `[n, d]`. */
  async inverseTransform(z: ArrayInput): Promise<NDArray> {
    await this.ensureSetup();
    this.assertFitted();
    const comps = fitted(this.name, 'components', this.components);
    const Z = inputMatrix(this.name, z);
    checkFeatureCount(this.name, Z, comps.shape[0]);
    const mean = fitted(this.name, 'mean', this.mean);
    const out = unproject(
      await loadKernels(),
      Z.data,
      Z.rows,
      Z.cols,
      comps.data as Float64Array,
      this.nFeaturesIn,
      mean.data as Float64Array,
      this.whitening(),
    );
    return new NDArray('float64', [Z.rows, this.nFeaturesIn], out);
  }
}
