import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, InvalidInputError, type NDArray } from 'ferryml';
import { LinearRegression } from '../../src/steps/LinearRegression.ts';
import { Ridge } from '../../src/steps/Ridge.ts';
import { fixture, maxAbsDiff, randoms, roundTrip, values } from './helpers.ts';

interface LinearFixture {
  dataset: { X: number[][]; y: number[] };
  LinearRegression: { coef_: number[]; intercept_: number; predict: number[] };
  Ridge: { params: { alpha: number }; coef_: number[]; intercept_: number; predict: number[] };
}
const fx = fixture<LinearFixture>('linear.json');
const { X, y } = fx.dataset;
// Tolerance (shared/fixtures/README): 1e-10 absolute on coefficients, intercept and predictions.
const TOL = 1e-10;

describe('LinearRegression and Ridge vs scikit-learn 1.2.1 (test/fixtures/linear.json, tol 1e-10)', () => {
  it('LinearRegression matches coef_, intercept_ and predictions', async () => {
    const m = new LinearRegression();
    await m.fit(X, y);
    assert.deepEqual(m.coef?.shape, [5]);
    assert.deepEqual(m.intercept?.shape, []);
    assert.ok(maxAbsDiff(values(m.coef), fx.LinearRegression.coef_) <= TOL);
    assert.ok(Math.abs(values(m.intercept)[0] - fx.LinearRegression.intercept_) <= TOL);
    const pred = (await m.transform(X)) as NDArray;
    assert.deepEqual(pred.shape, [100]);
    assert.ok(maxAbsDiff(pred.data as Float64Array, fx.LinearRegression.predict) <= TOL);
    assert.equal(m.rank, 5);
  });

  it('Ridge(alpha=1) matches coef_, intercept_ and predictions', async () => {
    const m = new Ridge({ hyperparams: { alpha: fx.Ridge.params.alpha } });
    await m.fit(X, y);
    assert.ok(maxAbsDiff(values(m.coef), fx.Ridge.coef_) <= TOL);
    assert.ok(Math.abs(values(m.intercept)[0] - fx.Ridge.intercept_) <= TOL);
    assert.ok(maxAbsDiff(((await m.predict(X)) as NDArray).data as Float64Array, fx.Ridge.predict) <= TOL);
  });

  it('fits 2-d targets column by column', async () => {
    const y2 = y.map((v, i) => [v, 2 * v - X[i][0]]);
    const m = new LinearRegression();
    await m.fit(X, y2);
    assert.deepEqual(m.coef?.shape, [2, 5]);
    const c = values(m.coef);
    const ref = fx.LinearRegression.coef_;
    assert.ok(maxAbsDiff(c.subarray(0, 5), ref) <= TOL);
    assert.ok(
      maxAbsDiff(
        c.subarray(5),
        ref.map((v, j) => 2 * v - (j === 0 ? 1 : 0)),
      ) <= TOL,
    );
    const pred = await m.predict(X);
    assert.deepEqual(pred.shape, [100, 2]);
  });

  it('gives the minimum-norm solution for a rank-deficient design (duplicated column)', async () => {
    const r = randoms(60 * 2, 5);
    const Xd = Array.from({ length: 60 }, (_, i) => [r[2 * i], r[2 * i], r[2 * i + 1]]);
    const yd = Xd.map((row) => 3 * row[0] - row[2] + 0.5);
    const m = new LinearRegression();
    await m.fit(Xd, yd);
    assert.equal(m.rank, 2);
    // The duplicated column's weight 3 is split evenly: the minimum-norm solution.
    assert.ok(maxAbsDiff(values(m.coef), [1.5, 1.5, -1]) <= 1e-10);
    assert.ok(Math.abs(values(m.intercept)[0] - 0.5) <= 1e-10);
  });

  it('fitIntercept: false fits through the origin', async () => {
    const m = new LinearRegression({ hyperparams: { fitIntercept: false } });
    await m.fit([[1], [2], [3]], [2, 4, 6.5]);
    // Closed form: Σxy / Σx² = (2 + 8 + 19.5) / 14.
    assert.ok(Math.abs(values(m.coef)[0] - 29.5 / 14) <= 1e-14);
    assert.equal(values(m.intercept)[0], 0);
  });

  it('round-trips through the dump format with identical predictions', async () => {
    for (const m of [
      new LinearRegression({ name: 'ols' }),
      new Ridge({ name: 'ridge', hyperparams: { alpha: 0.3 } }),
    ]) {
      await m.fit(X, y);
      const loaded = await roundTrip(m);
      assert.equal(loaded.constructor, m.constructor);
      assert.deepEqual(
        Array.from((await loaded.predict(X)).data as ArrayLike<number>),
        Array.from((await m.predict(X)).data as ArrayLike<number>),
      );
    }
  });

  it('validates alpha, targets and feature counts with errors naming the step', async () => {
    await assert.rejects(
      new Ridge({ name: 'r', hyperparams: { alpha: -1 } }).fit(X, y),
      (e: unknown) => e instanceof InvalidHyperparameterError && /"r"/.test(e.message),
    );
    await assert.rejects(new LinearRegression().fit(X, y.slice(1)), InvalidInputError);
    await assert.rejects(new LinearRegression().fit(X), InvalidInputError);
    const m = new LinearRegression({ name: 'lin' });
    await m.fit(X, y);
    await assert.rejects(
      m.predict([[1, 2]]),
      (e: unknown) => e instanceof InvalidInputError && /"lin"/.test(e.message),
    );
  });
});
