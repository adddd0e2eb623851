import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, type NDArray } from 'ferryml';
import { PCA } from '../../src/steps/PCA.ts';
import { fixture, maxAbsDiff, roundTrip, values } from './helpers.ts';

interface PcaCase {
  params: { n_components?: number; whiten?: boolean };
  mean_: number[];
  components_: number[][];
  explained_variance_: number[];
  explained_variance_ratio_: number[];
  singular_values_: number[];
  noise_variance_: number;
  n_components_: number;
  transform: number[][];
  inverse_transform: number[][];
}
const fx = fixture<{ pca: { X: number[][]; cases: PcaCase[] } }>('classical.json').pca;
const X = fx.X;
// Tolerance: 1e-9 relative to the largest reference magnitude of each quantity. The eigen-decomposition of XᵀX
// (Jacobi, f64) and LAPACK's SVD of X agree to ~1e-12 on these well-separated eigenvalues; 1e-9 leaves margin.
const REL = 1e-9;

function close(actual: ArrayLike<number>, expected: number[], what: string): void {
  const scale = Math.max(1, ...expected.map(Math.abs));
  const err = maxAbsDiff(actual, expected) / scale;
  assert.ok(err <= REL, `${what}: relative error ${err}`);
}

describe('PCA vs scikit-learn 1.2.1 (svd_solver=full; test/fixtures/classical.json, tol 1e-9 relative)', () => {
  for (const c of fx.cases) {
    it(`matches ${JSON.stringify(c.params)}`, async () => {
      const p = new PCA({
        hyperparams: { nComponents: c.params.n_components ?? null, whiten: c.params.whiten === true },
      });
      const out = (await p.fitTransform(X)) as NDArray;
      assert.equal(p.nComponentsFitted, c.n_components_);
      assert.deepEqual(p.components?.shape, [c.n_components_, 6]);
      close(values(p.mean), c.mean_, 'mean');
      close(values(p.components), c.components_.flat(), 'components');
      close(values(p.explainedVariance), c.explained_variance_, 'explainedVariance');
      close(values(p.explainedVarianceRatio), c.explained_variance_ratio_, 'explainedVarianceRatio');
      close(values(p.singularValues), c.singular_values_, 'singularValues');
      close([p.noiseVariance], [c.noise_variance_], 'noiseVariance');
      close(out.data as Float64Array, c.transform.flat(), 'transform');
      const back = await p.inverseTransform(out);
      close(back.data as Float64Array, c.inverse_transform.flat(), 'inverseTransform');
    });
  }

  it('round-trips through the dump format with identical projections', async () => {
    const p = new PCA({ name: 'pca', hyperparams: { nComponents: 2, whiten: true } });
    await p.fit(X);
    const loaded = await roundTrip(p);
    assert.ok(loaded instanceof PCA);
    assert.deepEqual(
      Array.from(((await loaded.transform(X)) as NDArray).data as ArrayLike<number>),
      Array.from(((await p.transform(X)) as NDArray).data as ArrayLike<number>),
    );
  });

  it('refuses nComponents above min(n, d) or of the wrong kind', async () => {
    await assert.rejects(new PCA({ name: 'p', hyperparams: { nComponents: 7 } }).fit(X), InvalidHyperparameterError);
    await assert.rejects(new PCA({ hyperparams: { nComponents: 'mle' } }).fit(X), InvalidHyperparameterError);
  });
});
