import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, InvalidInputError, type NDArray } from 'ferryml';
import { type ConvergenceWarning, setConvergenceWarningHandler } from '../../src/steps/convergence.ts';
import { KMeans } from '../../src/steps/KMeans.ts';
import { fixture, maxAbsDiff, roundTrip, values } from './helpers.ts';

interface KMeansCase {
  params: { init: number[][]; max_iter?: number; tol?: number };
  sample_weight: number[] | null;
  cluster_centers_: number[][];
  labels_: number[];
  inertia_: number;
  n_iter_: number;
}
const all = fixture<{
  kmeans: { default_n_init: number };
  kmeans_init: { X: number[][]; cases: Record<string, KMeansCase> };
}>('classical.json');
const { X, cases } = all.kmeans_init;

/** Fits KMeans as the scikit-learn case was fitted (explicit centers make the whole fit deterministic). */
async function fitCase(c: KMeansCase, warnings: ConvergenceWarning[] = []): Promise<KMeans> {
  const hyperparams: Record<string, unknown> = { nClusters: c.params.init.length, init: c.params.init };
  if (c.params.max_iter !== undefined) hyperparams.maxIter = c.params.max_iter;
  if (c.params.tol !== undefined) hyperparams.tol = c.params.tol;
  const km = new KMeans({ name: 'km', hyperparams, onConvergenceWarning: (w) => warnings.push(w) });
  await km.fit(X, undefined, c.sample_weight ? { sampleWeight: c.sample_weight } : {});
  return km;
}

// From explicit centers scikit-learn's Lloyd iterations are deterministic, so the whole fit is compared: centers
// within 1e-10 (sklearn centers X first and computes distances through a gemm: rounding differs at ~1e-14),
// inertia within 1e-10 relative, identical labels and iteration counts.
describe('KMeans from explicit centers vs scikit-learn 1.2.1 (test/fixtures/classical.json kmeans_init)', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: same centers, labels, inertia, nIter${c.sample_weight ? ' (sampleWeight)' : ''}`, async () => {
      const warnings: ConvergenceWarning[] = [];
      const km = await fitCase(c, warnings);
      const dc = maxAbsDiff(values(km.clusterCenters), c.cluster_centers_.flat());
      assert.ok(dc <= 1e-10, `centers differ by ${dc}`);
      assert.deepEqual(Array.from(values(km.labels)), c.labels_);
      const di = Math.abs(km.inertia - c.inertia_) / c.inertia_;
      assert.ok(di <= 1e-10, `inertia ${km.inertia} vs ${c.inertia_}`);
      assert.equal(km.nIter, c.n_iter_);
      const stopped = c.params.max_iter !== undefined && c.n_iter_ === c.params.max_iter;
      assert.equal(km.converged, !stopped);
      assert.equal(warnings.length, stopped ? 1 : 0);
    });
  }

  it('weights change the fit, and integer weights equal repeated rows', async () => {
    const c = cases.explicit_weighted;
    const plain = await fitCase(cases.explicit);
    const weighted = await fitCase(c);
    assert.ok(maxAbsDiff(values(plain.clusterCenters), values(weighted.clusterCenters)) > 1e-3);
    const w = X.map((_, i) => (i % 3) + (i % 5 === 0 ? 0 : 1));
    const repeated = X.flatMap((row, i) => Array.from({ length: w[i] }, () => row));
    const init = c.params.init;
    const a = new KMeans({ hyperparams: { nClusters: 4, init } });
    await a.fit(X, undefined, { sampleWeight: w });
    const b = new KMeans({ hyperparams: { nClusters: 4, init } });
    await b.fit(repeated);
    assert.ok(maxAbsDiff(values(a.clusterCenters), values(b.clusterCenters)) <= 1e-12);
    assert.ok(Math.abs(a.inertia - b.inertia) / b.inertia <= 1e-12);
  });

  it('refuses bad weights and bad explicit centers with typed errors naming the step', async () => {
    const km = () => new KMeans({ name: 'km', hyperparams: { nClusters: 2 } });
    for (const sampleWeight of [[1, 2], X.map(() => -1), X.map(() => 0), X.map((_, i) => (i ? 1 : Number.NaN))]) {
      await assert.rejects(
        km().fit(X, undefined, { sampleWeight }),
        (e: unknown) => e instanceof InvalidInputError && /"km" sampleWeight/.test(e.message),
      );
    }
    for (const init of [
      [[1, 2, 3]],
      [1, 2, 3, 4, 5, 6, 7],
      'kmeans++',
      [
        [1, 2, 3],
        [4, 5, Number.NaN],
      ],
    ]) {
      await assert.rejects(
        new KMeans({ name: 'km', hyperparams: { nClusters: 2, init } }).fit(X),
        (e: unknown) => e instanceof InvalidHyperparameterError && /"km".*"init"/.test(e.message),
        `init ${JSON.stringify(init)}`,
      );
    }
  });
});

describe('KMeans defaults and convergence', () => {
  it(`nInit defaults to scikit-learn 1.2.1's (${all.kmeans.default_n_init}); 'auto' is accepted`, async () => {
    assert.equal(new KMeans().hyperparams.get('nInit'), all.kmeans.default_n_init);
    const auto = new KMeans({ hyperparams: { nClusters: 4, nInit: 'auto', seed: 2 } });
    await auto.fit(X);
    assert.ok(auto.converged);
  });

  it("'random' init is deterministic per seed and differs from k-means++", async () => {
    const fit = async (init: string, seed: number) => {
      const km = new KMeans({ hyperparams: { nClusters: 4, init, nInit: 1, seed } });
      await km.fit(X);
      return Array.from(values(km.clusterCenters));
    };
    assert.deepEqual(await fit('random', 5), await fit('random', 5));
    assert.notDeepEqual(await fit('random', 5), await fit('k-means++', 5));
  });

  it('saves converged; a fit stopped by maxIter warns through the process handler by default, and can be silenced', async () => {
    const c = cases.max_iter_2;
    const seen: ConvergenceWarning[] = [];
    const previous = setConvergenceWarningHandler((w) => seen.push(w));
    try {
      const km = new KMeans({ name: 'km', hyperparams: { nClusters: 4, init: c.params.init, maxIter: 2 } });
      await km.fit(X);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].step, 'km');
      assert.equal(seen[0].solver, 'lloyd');
      assert.equal(seen[0].nIter, 2);
      assert.equal(seen[0].maxIter, 2);
      assert.equal(km.converged, false);
      const loaded = await roundTrip(km);
      assert.equal(loaded.converged, false);
      assert.equal(loaded.nIter, 2);
      assert.ok(!Object.keys(km).includes('onConvergenceWarning'));
      const quiet = new KMeans({
        hyperparams: { nClusters: 4, init: c.params.init, maxIter: 2 },
        onConvergenceWarning: 'silent',
      });
      await quiet.fit(X);
      assert.equal(seen.length, 1);
      const ok = await fitCase(cases.explicit);
      assert.equal(ok.converged, true);
      assert.equal((await roundTrip(ok)).converged, true);
      assert.equal(seen.length, 1);
    } finally {
      setConvergenceWarningHandler(previous);
    }
  });

  it('fitTransform takes sampleWeight too', async () => {
    const c = cases.explicit_weighted;
    const km = new KMeans({ hyperparams: { nClusters: 4, init: c.params.init } });
    const labels = (await km.fitTransform(X, undefined, { sampleWeight: c.sample_weight ?? [] })) as NDArray;
    assert.deepEqual(Array.from(labels.data as Float64Array), c.labels_);
  });
});
