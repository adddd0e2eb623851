import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { decisionFunction, fitLogisticRegression, predictProba } from '../../src/kernels/index.ts';
import { kernels, maxAbsDiff } from './helpers.ts';

interface Model {
  name: string;
  params: { penalty: 'l1' | 'l2'; C: number };
  coef_: number[][];
  intercept_: number[];
  objective: number;
  predict_proba: number[][];
  predict: number[];
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/logreg-multinomial.json', import.meta.url), 'utf8')) as {
  dataset: { X: number[][]; y: number[]; n_samples: number; n_features: number; n_classes: number };
  models: Model[];
  neuraxle_seed: {
    X: number[][];
    y: number[];
    classes_: number[];
    coef_: number[][];
    intercept_: number[];
    predict: number[];
  };
};
const { n_samples: n, n_features: d, n_classes: nc } = fx.dataset;
const X = Float64Array.from(fx.dataset.X.flat());
const y = Int32Array.from(fx.dataset.y);

/** C·Σ(logΣexp z − z_y) + R(W), intercepts unpenalised. */
function objective(coef: Float64Array, b: Float64Array, C: number, penalty: 'l1' | 'l2'): number {
  const z = new Float64Array(nc);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < nc; c++) {
      z[c] = b[c];
      for (let j = 0; j < d; j++) z[c] += X[i * d + j] * coef[c * d + j];
    }
    const m = Math.max(...z);
    loss += m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[y[i]];
  }
  const reg = coef.reduce((s, v) => s + (penalty === 'l2' ? 0.5 * v * v : Math.abs(v)), 0);
  return C * loss + reg;
}

// Tolerances: l2 (lbfgs, tight tol) coefficients within 1e-5 relative to max|coef|; l1 (saga reference) within 1e-3;
// our objective at most the reference's (+1e-9 relative for l2, +1e-7 for l1).
describe('multinomial logistic regression vs scikit-learn 1.2 (test/fixtures/logreg-multinomial.json)', () => {
  before(async () => {
    await kernels();
  });

  for (const m of fx.models) {
    it(m.name, async () => {
      const l1 = m.params.penalty === 'l1';
      const res = await fitLogisticRegression(X, n, d, y, nc, {
        C: m.params.C,
        fitIntercept: true,
        penalty: m.params.penalty,
        maxIter: 1000,
        tol: l1 ? 1e-10 : 1e-8,
      });
      assert.equal(res.k, nc);
      const ref = m.coef_.flat();
      const scale = Math.max(...ref.map(Math.abs));
      const tol = l1 ? 1e-3 : 1e-5;
      const coefErr = maxAbsDiff(res.coef, ref) / scale;
      assert.ok(coefErr <= tol, `coef rel err ${coefErr}`);
      // Intercepts are unpenalised, so only defined up to a common shift: compare zero-mean representatives.
      const mean = m.intercept_.reduce((s, v) => s + v, 0) / nc;
      const bErr =
        maxAbsDiff(
          res.intercept,
          m.intercept_.map((v) => v - mean),
        ) / scale;
      assert.ok(bErr <= tol, `intercept rel err ${bErr}`);
      const obj = objective(res.coef, res.intercept, m.params.C, m.params.penalty);
      assert.ok(obj <= m.objective * (1 + (l1 ? 1e-7 : 1e-9)), `objective ${obj} vs ${m.objective}`);
      const proba = await predictProba(X, n, d, res.coef, res.intercept, nc);
      assert.ok(maxAbsDiff(proba, m.predict_proba.flat()) <= tol * 10);
      const scores = await decisionFunction(X, n, d, res.coef, res.intercept, nc);
      let agree = 0;
      for (let i = 0; i < n; i++) {
        const row = Array.from(scores.subarray(i * nc, (i + 1) * nc));
        if (row.indexOf(Math.max(...row)) === m.predict[i]) agree++;
      }
      assert.ok(agree >= n - 1, `predictions agree on ${agree}/${n}`);
    });
  }

  it('Neuraxle seed case: 4 points, 4 classes, LogisticRegression() defaults', async () => {
    const s = fx.neuraxle_seed;
    const classes = s.classes_;
    const yi = Int32Array.from(s.y, (v) => classes.indexOf(v));
    const res = await fitLogisticRegression(Float64Array.from(s.X.flat()), 4, 1, yi, 4, {
      C: 1,
      fitIntercept: true,
      penalty: 'l2',
      maxIter: 100,
      tol: 1e-4,
    });
    assert.ok(maxAbsDiff(res.coef, s.coef_.flat()) <= 1e-3);
    assert.ok(maxAbsDiff(res.intercept, s.intercept_) <= 1e-3);
    const scores = await decisionFunction(Float64Array.from(s.X.flat()), 4, 1, res.coef, res.intercept, 4);
    const pred = [0, 1, 2, 3].map((i) => {
      const row = Array.from(scores.subarray(i * 4, i * 4 + 4));
      return classes[row.indexOf(Math.max(...row))];
    });
    assert.deepEqual(pred, s.predict);
    assert.deepEqual(pred, [0, 2, 4, 6]);
  });
});
