import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, InvalidInputError, LifecycleError, NDArray } from 'ferryml';
import { MinMaxScaler } from '../../src/steps/MinMaxScaler.ts';
import { StandardScaler } from '../../src/steps/StandardScaler.ts';
import { fixture, maxAbsDiff, roundTrip, values } from './helpers.ts';

interface ScalersFixture {
  dataset: { X: number[][] };
  StandardScaler: { mean_: number[]; var_: number[]; scale_: number[]; transformed: number[][] };
  MinMaxScaler: {
    params: { feature_range: number[] };
    data_min_: number[];
    data_max_: number[];
    scale_: number[];
    min_: number[];
    transformed: number[][];
  };
}
const fx = fixture<ScalersFixture>('scalers.json');
const X = fx.dataset.X;
// Tolerance (shared/fixtures/README): 1e-12 absolute on every fitted value and output.
const TOL = 1e-12;

describe('StandardScaler vs scikit-learn 1.2.1 (test/fixtures/scalers.json, tol 1e-12)', () => {
  it('fits mean, var, scale and transforms like scikit-learn', async () => {
    const s = new StandardScaler();
    const out = (await s.fitTransform(X)) as NDArray;
    assert.deepEqual(out.shape, [50, 3]);
    assert.equal(out.dtype, 'float64');
    assert.ok(maxAbsDiff(values(s.mean), fx.StandardScaler.mean_) <= TOL);
    assert.ok(maxAbsDiff(values(s.var), fx.StandardScaler.var_) <= TOL);
    assert.ok(maxAbsDiff(values(s.scale), fx.StandardScaler.scale_) <= TOL);
    assert.ok(maxAbsDiff(out.data as Float64Array, fx.StandardScaler.transformed.flat()) <= TOL);
    assert.equal(s.nSamplesSeen, 50);
    assert.equal(s.nFeaturesIn, 3);
    const back = await s.inverseTransform(out);
    assert.ok(maxAbsDiff(back.data as Float64Array, X.flat()) <= 1e-12);
  });

  it('withMean: false only divides; withStd: false only centers', async () => {
    const noMean = new StandardScaler({ hyperparams: { withMean: false } });
    const a = (await noMean.fitTransform(X)) as NDArray;
    const scale = fx.StandardScaler.scale_;
    const expected = X.flat().map((v, i) => v / scale[i % 3]);
    assert.ok(maxAbsDiff(a.data as Float64Array, expected) <= TOL);
    const noStd = new StandardScaler({ hyperparams: { withStd: false } });
    const b = (await noStd.fitTransform(X)) as NDArray;
    const mean = fx.StandardScaler.mean_;
    assert.ok(
      maxAbsDiff(
        b.data as Float64Array,
        X.flat().map((v, i) => v - mean[i % 3]),
      ) <= TOL,
    );
    assert.equal(noStd.scale, null);
    assert.equal(noStd.var, null);
  });

  it('fit then transform equals fitTransform; copy: false transforms float64 input in place', async () => {
    const a = new StandardScaler();
    await a.fit(X);
    const viaFit = (await a.transform(X)) as NDArray;
    const viaFitTransform = (await new StandardScaler().fitTransform(X)) as NDArray;
    assert.deepEqual(
      Array.from(viaFit.data as ArrayLike<number>),
      Array.from(viaFitTransform.data as ArrayLike<number>),
    );
    const data = Float64Array.from(X.flat());
    const input = new NDArray('float64', [50, 3], data);
    const out = (await new StandardScaler({ hyperparams: { copy: false } }).fitTransform(input)) as NDArray;
    assert.equal(out.data, data);
    assert.deepEqual(Array.from(data), Array.from(viaFit.data as ArrayLike<number>));
  });

  it('scales constant columns by 1, like scikit-learn', async () => {
    const s = new StandardScaler();
    const out = (await s.fitTransform([
      [5, 1],
      [5, 2],
      [5, 3],
    ])) as NDArray;
    assert.deepEqual(Array.from(values(s.scale)), [1, Math.sqrt(2 / 3)]);
    assert.deepEqual(
      Array.from(out.data as Float64Array).filter((_, i) => i % 2 === 0),
      [0, 0, 0],
    );
  });

  it('round-trips through the dump format with identical outputs', async () => {
    const s = new StandardScaler({ name: 'std' });
    await s.fit(X);
    const loaded = await roundTrip(s);
    assert.ok(loaded instanceof StandardScaler);
    assert.deepEqual(
      Array.from(((await loaded.transform(X)) as NDArray).data as ArrayLike<number>),
      Array.from(((await s.transform(X)) as NDArray).data as ArrayLike<number>),
    );
  });

  it('refuses inputs with another number of features and transform before fit', async () => {
    const s = new StandardScaler({ name: 'sc' });
    await assert.rejects(s.transform(X), LifecycleError);
    await s.fit(X);
    await assert.rejects(
      s.transform([[1, 2]]),
      (e: unknown) => e instanceof InvalidInputError && /"sc"/.test(e.message),
    );
  });
});

describe('MinMaxScaler vs scikit-learn 1.2.1 (test/fixtures/scalers.json, tol 1e-12)', () => {
  it('fits dataMin, dataMax, scale, min and transforms like scikit-learn', async () => {
    const s = new MinMaxScaler({ hyperparams: { featureRange: fx.MinMaxScaler.params.feature_range } });
    const out = (await s.fitTransform(X)) as NDArray;
    assert.ok(maxAbsDiff(values(s.dataMin), fx.MinMaxScaler.data_min_) <= TOL);
    assert.ok(maxAbsDiff(values(s.dataMax), fx.MinMaxScaler.data_max_) <= TOL);
    assert.ok(maxAbsDiff(values(s.scale), fx.MinMaxScaler.scale_) <= TOL);
    assert.ok(maxAbsDiff(values(s.min), fx.MinMaxScaler.min_) <= TOL);
    assert.ok(maxAbsDiff(out.data as Float64Array, fx.MinMaxScaler.transformed.flat()) <= TOL);
    const back = await s.inverseTransform(out);
    assert.ok(maxAbsDiff(back.data as Float64Array, X.flat()) <= 1e-12);
  });

  it('clips when asked and validates featureRange', async () => {
    const s = new MinMaxScaler({ hyperparams: { clip: true } });
    await s.fit([[0], [10]]);
    assert.deepEqual(
      Array.from(((await s.transform([[-5], [5], [20]])) as NDArray).data as ArrayLike<number>),
      [0, 0.5, 1],
    );
    const bad = new MinMaxScaler({ name: 'mm', hyperparams: { featureRange: [1, 0] } });
    await assert.rejects(bad.fit(X), (e: unknown) => e instanceof InvalidHyperparameterError && /mm/.test(e.message));
  });

  it('round-trips through the dump format with identical outputs', async () => {
    const s = new MinMaxScaler({ name: 'mm', hyperparams: { featureRange: [-1, 2] } });
    await s.fit(X);
    const loaded = await roundTrip(s);
    assert.ok(loaded instanceof MinMaxScaler);
    assert.deepEqual(loaded.hyperparams.get('featureRange'), [-1, 2]);
    assert.deepEqual(
      Array.from(((await loaded.transform(X)) as NDArray).data as ArrayLike<number>),
      Array.from(((await s.transform(X)) as NDArray).data as ArrayLike<number>),
    );
  });
});
