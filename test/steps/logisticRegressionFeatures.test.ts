import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError, InvalidInputError, LogisticRegression, type NDArray } from 'ferryml';
import { fitLogisticRegression } from '../../src/kernels/logisticRegression.ts';
import { fixture, maxAbsDiff, roundTrip, values } from './helpers.ts';

// References: scripts/make_logreg_features_fixture.py (scikit-learn 1.2.1 on iris, tight tolerances).
interface Case {
  name: string;
  params: { solver?: string; penalty?: string; dual?: boolean; class_weight?: Record<string, number>; tol?: number };
  y: Array<number | string>;
  sample_weight: number[] | null;
  classes_: Array<number | string>;
  coef_: number[][];
  intercept_: number[];
  n_iter_: number[];
  predict: Array<number | string>;
  predict_proba: number[][];
  predict_log_proba?: number[][];
  score: number;
  score_weight?: number[];
  weighted_score?: number;
}
const fx = fixture<{ X: number[][]; binary_rows: number[]; cases: Case[] }>('logreg-features.json');
const byName = new Map(fx.cases.map((c) => [c.name, c]));
const get = (name: string): Case => byName.get(name) as Case;
const Xbin = fx.binary_rows.map((i) => fx.X[i]);
const dataOf = (c: Case): number[][] => (c.y.length === fx.X.length ? fx.X : Xbin);

/** Coefficient error relative to the reference's largest |coef|. */
function coefError(step: LogisticRegression, c: Pick<Case, 'coef_' | 'intercept_'>): number {
  const scale = Math.max(...c.coef_.flat().map(Math.abs));
  return Math.max(
    maxAbsDiff(values(step.coef), c.coef_.flat()) / scale,
    maxAbsDiff(values(step.intercept), c.intercept_) / scale,
  );
}

/** The case's scikit-learn settings as Ferry hyperparameters (tight tolerance unless the case ran at defaults). */
function hyperparamsOf(c: Case): Record<string, unknown> {
  const h: Record<string, unknown> = {};
  if (c.params.tol !== undefined) Object.assign(h, { tol: c.params.tol, maxIter: 10000 });
  if (c.params.solver === 'liblinear') h.solver = 'liblinear';
  if (c.params.penalty) h.penalty = c.params.penalty;
  if (c.params.dual) h.dual = true;
  if (c.params.class_weight) h.classWeight = c.params.class_weight;
  return h;
}

async function fitCase(c: Case): Promise<LogisticRegression> {
  const step = new LogisticRegression({
    name: c.name,
    hyperparams: hyperparamsOf(c) as never,
    onConvergenceWarning: 'silent',
  });
  await step.fit(dataOf(c), c.y as never, c.sample_weight ? { sampleWeight: c.sample_weight } : {});
  return step;
}

function labelsOf(p: NDArray | string[]): Array<number | string> {
  return Array.isArray(p) ? p : Array.from(p.data as Float64Array);
}

describe('LogisticRegression sampleWeight vs scikit-learn sample_weight', () => {
  it('multinomial: the weighted optimum (newton-cg at tol 1e-10), same predictions', async () => {
    const c = get('sample_weight_multinomial');
    const optimum = get('sample_weight_multinomial_newton_cg');
    const step = await fitCase(c);
    // Like scikit-learn's lbfgs (1.1e-4 from the optimum here), the step stops on scipy's relative-reduction rule.
    const err = coefError(step, optimum);
    // Without that rule, the kernel reaches the weighted optimum itself.
    const tight = await fitLogisticRegression(
      Float64Array.from(fx.X.flat()),
      fx.X.length,
      4,
      Int32Array.from(c.y as number[]),
      3,
      {
        C: 1,
        fitIntercept: true,
        penalty: 'l2',
        maxIter: 10000,
        tol: 1e-9,
        ftol: 0,
        sampleWeight: Float64Array.from(c.sample_weight as number[]),
      },
    );
    const tightErr =
      Math.max(maxAbsDiff(tight.coef, optimum.coef_.flat()), maxAbsDiff(tight.intercept, optimum.intercept_)) /
      Math.max(...optimum.coef_.flat().map(Math.abs));
    console.log(
      `weighted multinomial: step ${err.toExponential(2)}, kernel without ftol ${tightErr.toExponential(2)} from the optimum`,
    );
    assert.ok(err <= 1e-3, `coef rel err ${err}`);
    assert.ok(tightErr <= 1e-6, `tight coef rel err ${tightErr}`);
    assert.deepEqual(labelsOf(await step.predict(fx.X)), get('sample_weight_multinomial').predict);
    const unweighted = new LogisticRegression({ hyperparams: { tol: 1e-10, maxIter: 10000 } });
    await unweighted.fit(fx.X, get('sample_weight_multinomial').y as number[]);
    assert.ok(coefError(unweighted, get('sample_weight_multinomial_newton_cg')) > 1e-2, 'weights changed nothing');
  });

  it('binary: weighted lbfgs reference within 1e-4', async () => {
    const c = get('sample_weight_binary');
    const step = await fitCase(c);
    assert.ok(coefError(step, c) <= 1e-4, `coef rel err ${coefError(step, c)}`);
    assert.ok(maxAbsDiff(values(await step.predictProba(Xbin)), c.predict_proba.flat()) <= 1e-4);
  });

  it('default settings: the iterations of scikit-learn, same predictions and weighted score', async () => {
    const c = get('sample_weight_defaults');
    const step = await fitCase(c);
    console.log(`weighted defaults: nIter ${step.nIter} (scikit-learn ${c.n_iter_[0]})`);
    // Weighted sums round differently from numpy's late in the run: the stop is within two iterations of scipy's.
    assert.ok(Math.abs(step.nIter - c.n_iter_[0]) <= 2);
    assert.equal(step.converged, true);
    assert.deepEqual(labelsOf(await step.predict(fx.X)), c.predict);
    assert.equal(await step.score(fx.X, c.y as number[], c.score_weight), c.weighted_score);
    assert.equal(await step.score(fx.X, c.y as number[]), c.score);
  });

  it('bad weights are InvalidInputErrors naming the step', async () => {
    const y = get('sample_weight_defaults').y as number[];
    for (const sampleWeight of [[1, 2], fx.X.map(() => -1), fx.X.map(() => 0), fx.X.map(() => Number.NaN)]) {
      const step = new LogisticRegression({ name: 'weighted' });
      await assert.rejects(
        step.fit(fx.X, y, { sampleWeight }),
        (e: unknown) => e instanceof InvalidInputError && /weighted/.test(e.message),
      );
    }
  });
});

describe('LogisticRegression with string class labels', () => {
  for (const name of ['string_labels_multinomial', 'string_labels_binary']) {
    it(`${name}: classes, predictions, probabilities, log-probabilities and weighted score as scikit-learn`, async () => {
      const c = get(name);
      const X = dataOf(c);
      const step = await fitCase(c);
      assert.deepEqual(step.classes, c.classes_);
      assert.deepEqual(await step.predict(X), c.predict);
      assert.ok(maxAbsDiff(values(await step.predictProba(X)), c.predict_proba.flat()) <= 1e-4);
      const logp = values(await step.predictLogProba(X));
      const ref = (c.predict_log_proba as number[][]).flat();
      const worst = Math.max(...ref.map((v, i) => Math.abs(logp[i] - v) / Math.max(1, Math.abs(v))));
      assert.ok(worst <= 1e-3, `log-probability error ${worst}`);
      assert.equal(await step.score(X, c.y as string[], c.score_weight), c.weighted_score);
      assert.equal(await step.score(X, c.y as string[]), c.score);
      // Saved as strings, and the loaded model predicts the same strings.
      const loaded = await roundTrip(step);
      assert.deepEqual(loaded.classes, c.classes_);
      assert.deepEqual(await loaded.transform(X), c.predict);
    });
  }

  it('labels mixing strings and numbers are an InvalidInputError', async () => {
    const y = fx.X.map((_, i) => (i % 2 ? 'a' : 1));
    await assert.rejects(new LogisticRegression().fit(fx.X, y), InvalidInputError);
  });

  it('classWeight keys match string classes', async () => {
    const c = get('string_labels_binary');
    const step = new LogisticRegression({ hyperparams: { classWeight: { spam: 5 } } });
    await step.fit(Xbin, c.y as string[]);
    const plain = await fitCase(c);
    assert.ok(maxAbsDiff(values(step.coef), values(plain.coef)) > 1e-2, 'classWeight {spam: 5} changed nothing');
  });
});

describe("solver 'liblinear': one-vs-rest and dual, as scikit-learn", () => {
  for (const name of [
    'liblinear_ovr_l2',
    'liblinear_ovr_l2_class_weight',
    'liblinear_ovr_l1',
    'liblinear_dual_binary',
  ]) {
    it(`${name}: coefficients and probabilities of scikit-learn's liblinear`, async () => {
      const c = get(name);
      const X = dataOf(c);
      const step = await fitCase(c);
      const tol = c.params.penalty === 'l1' ? 1e-3 : 1e-4;
      const err = coefError(step, c);
      console.log(`${name}: coefficient error ${err.toExponential(2)} (relative), nIter ${step.nIter}`);
      assert.ok(err <= tol, `coef rel err ${err}`);
      assert.ok(maxAbsDiff(values(await step.predictProba(X)), c.predict_proba.flat()) <= tol);
      assert.deepEqual(labelsOf(await step.predict(X)), c.predict);
      assert.equal(step.multiClass, 'ovr');
      if (c.coef_.length > 1) assert.deepEqual(step.coef?.shape, [3, 4]);
    });
  }

  it('one-vs-rest survives save and load', async () => {
    const step = await fitCase(get('liblinear_ovr_l2'));
    const loaded = await roundTrip(step);
    assert.equal(loaded.multiClass, 'ovr');
    assert.deepEqual(values(await loaded.predictProba(fx.X)), values(await step.predictProba(fx.X)));
  });
});

describe('hyperparameters that scikit-learn refuses, or Ferry does not implement, are refused', () => {
  const y = get('sample_weight_defaults').y as number[];
  for (const [hp, field, pattern] of [
    [{ solver: 'saga' }, 'solver', /saga/],
    [{ dual: true }, 'dual', /dual=False/],
    [{ dual: true, solver: 'lbfgs' }, 'dual', /dual=False/],
    [{ dual: true, solver: 'liblinear', penalty: 'l1' }, 'dual', /penalty='l1'/],
    [{ solver: 'liblinear', penalty: 'none' }, 'penalty', /liblinear/],
    [{ fitIntercept: 'yes' }, 'fitIntercept', /boolean/],
    [{ dual: 1 }, 'dual', /boolean/],
    [{ tol: Number.POSITIVE_INFINITY }, 'tol', /finite/],
  ] as const) {
    it(`${JSON.stringify(hp)}: InvalidHyperparameterError on "${field}"`, async () => {
      const step = new LogisticRegression({ name: 'refused', hyperparams: hp as never });
      await assert.rejects(
        step.fit(fx.X, y),
        (e: unknown) =>
          e instanceof InvalidHyperparameterError &&
          e.hyperparameter === field &&
          pattern.test(e.message) &&
          /refused/.test(e.message),
      );
    });
  }
});
