import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidInputError, type NDArray } from 'ferryml';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { fixture, maxAbsDiff, roundTrip, values } from './helpers.ts';

interface WeightedCase {
  params: { with_mean?: boolean; with_std?: boolean };
  sample_weight: number[];
  mean_: number[] | null;
  var_: number[] | null;
  scale_: number[] | null;
  n_samples_seen_: number;
  transformed: number[][];
}
const fx = fixture<{
  dataset: { X: number[][] };
  StandardScalerWeighted: { X_constant: number[][]; cases: Record<string, WeightedCase> };
}>('scalers.json');
// Tolerance: 1e-12 absolute, as for the unweighted fixture (scikit-learn adds a correction term to the variance that
// is ~1e-16 here; both sides sum in another order).
const TOL = 1e-12;

function scaler(c: WeightedCase): StandardScaler {
  return new StandardScaler({
    hyperparams: { withMean: c.params.with_mean ?? true, withStd: c.params.with_std ?? true },
  });
}

describe('StandardScaler with sampleWeight vs scikit-learn 1.2.1 (test/fixtures/scalers.json, tol 1e-12)', () => {
  for (const [name, c] of Object.entries(fx.StandardScalerWeighted.cases)) {
    const X = name === 'weighted_constant_column' ? fx.StandardScalerWeighted.X_constant : fx.dataset.X;
    it(`${name}: mean, var, scale, nSamplesSeen and output`, async () => {
      for (const via of ['fit', 'fitTransform'] as const) {
        const s = scaler(c);
        const out =
          via === 'fit'
            ? ((await (await s.fit(X, undefined, { sampleWeight: c.sample_weight })).transform(X)) as NDArray)
            : ((await s.fitTransform(X, undefined, { sampleWeight: c.sample_weight })) as NDArray);
        if (c.params.with_std !== false) {
          assert.ok(maxAbsDiff(values(s.mean), c.mean_ ?? []) <= TOL, `${via} mean`);
          assert.ok(maxAbsDiff(values(s.var), c.var_ ?? []) <= TOL, `${via} var`);
          assert.ok(maxAbsDiff(values(s.scale), c.scale_ ?? []) <= TOL, `${via} scale`);
        } else {
          assert.ok(maxAbsDiff(values(s.mean), c.mean_ ?? []) <= TOL, `${via} mean`);
          assert.equal(s.scale, null);
        }
        assert.ok(Math.abs(s.nSamplesSeen - c.n_samples_seen_) <= TOL * c.n_samples_seen_, `${via} nSamplesSeen`);
        assert.ok(maxAbsDiff(out.data as Float64Array, c.transformed.flat()) <= TOL, `${via} output`);
      }
    });
  }

  it('saves the weighted statistics; without weights every row weighs 1', async () => {
    const c = fx.StandardScalerWeighted.cases.weighted;
    const s = new StandardScaler({ name: 'std' });
    await s.fit(fx.dataset.X, undefined, { sampleWeight: c.sample_weight });
    const loaded = await roundTrip(s);
    assert.deepEqual(Array.from(values(loaded.mean)), Array.from(values(s.mean)));
    assert.equal(loaded.nSamplesSeen, s.nSamplesSeen);
    const ones = new StandardScaler();
    await ones.fit(fx.dataset.X, undefined, { sampleWeight: fx.dataset.X.map(() => 1) });
    const plain = new StandardScaler();
    await plain.fit(fx.dataset.X);
    assert.ok(maxAbsDiff(values(ones.var), values(plain.var)) <= 1e-15);
    assert.equal(ones.nSamplesSeen, 50);
    // the weights were for that fit only
    await plain.fit(fx.dataset.X);
    assert.equal(plain.nSamplesSeen, 50);
  });

  it('refuses weights of the wrong length or sign with a typed error naming the step', async () => {
    for (const sampleWeight of [[1, 2, 3], fx.dataset.X.map((_, i) => (i === 4 ? -1 : 1))]) {
      await assert.rejects(
        new StandardScaler({ name: 'sc' }).fit(fx.dataset.X, undefined, { sampleWeight }),
        (e: unknown) => e instanceof InvalidInputError && /"sc" sampleWeight/.test(e.message),
      );
    }
  });
});
