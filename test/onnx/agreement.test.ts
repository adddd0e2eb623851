/**
 * The ONNX side-by-side compares equal things: for every case of bench/onnx/make_onnx.py (StandardScaler +
 * LogisticRegression on breast_cancer and wine, + PCA, KMeans on iris, Ridge on diabetes), the Ferry dump and both
 * ONNX graphs, run in Node, give scikit-learn 1.2.1's outputs on the whole data set (bench/onnx/models/
 * reference.json): `predict_proba` and `predict`, `transform` and `predict`, or `predict`, within the tolerances of
 * tolerances.ts (Ferry and the float64 graphs 1e-12; the float32 graphs, computed in float32 by onnxruntime, 1e-6,
 * KMeans distances 1e-4), labels identical.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { ExecutionContext } from 'ferryml';
import * as ort from 'onnxruntime-web';
import { ferryPredictor } from '../../bench/onnx/ferryPredictor.ts';
import { configureOrt, type OrtPrecision, ortPredictor } from '../../bench/onnx/ortPredictor.ts';
import { compareOutputs } from '../../bench/onnx/predictor.ts';
import { FERRY_ROOT, loadCases } from '../../bench/onnx/reference.ts';
import { checkAgreement, tolerance } from './tolerances.ts';

const cases = loadCases();

before(() => configureOrt(ort));

describe('bench/onnx: Ferry and onnxruntime-web agree with scikit-learn on every case (Node)', () => {
  it('reference.json covers the five pipelines of issue 16, fitted by scikit-learn 1.2.1', () => {
    assert.deepEqual(
      cases.map((c) => `${c.name}: ${c.steps.join(' + ')}`),
      [
        'breast_cancer_logreg: StandardScaler + LogisticRegression',
        'wine_logreg: StandardScaler + LogisticRegression',
        'wine_pca_logreg: StandardScaler + PCA + LogisticRegression',
        'iris_kmeans: KMeans',
        'diabetes_ridge: Ridge',
      ],
    );
    const binary = cases.find((c) => c.name === 'breast_cancer_logreg');
    const multinomial = cases.find((c) => c.name === 'wine_logreg');
    assert.equal(binary?.expected.cols, 2);
    assert.equal(multinomial?.expected.cols, 3);
  });

  for (const c of cases) {
    it(`${c.name}: the Ferry dump (ferryml.sklearn.export in Python), loaded with ExecutionContext.load, within 1e-12`, async () => {
      const step = await new ExecutionContext(FERRY_ROOT).load(c.name);
      const out = await ferryPredictor(step, c.features).predict(c.x, c.rows);
      checkAgreement('Node', 'ferry', c, compareOutputs(out, c.expected, c.rows));
    });
    for (const precision of ['float32', 'float64'] as const satisfies readonly OrtPrecision[]) {
      it(`${c.name}: onnxruntime-web on the ${precision} graph, within ${tolerance(c, precision)}`, async () => {
        const p = await ortPredictor(ort, readFileSync(c.onnxPath(precision)), precision, c.features);
        checkAgreement('Node', precision, c, compareOutputs(await p.predict(c.x, c.rows), c.expected, c.rows));
      });
    }
  }

  it('the comparison fails when it should: a flipped label and a shifted probability are caught', async () => {
    const c = cases[0];
    const out = await ferryPredictor(await new ExecutionContext(FERRY_ROOT).load(c.name), c.features).predict(
      c.x,
      c.rows,
    );
    const labels = Float64Array.from(out.labels);
    labels[7] = 1 - labels[7];
    const values = Float64Array.from(out.values);
    values[3] += 1e-9;
    const a = compareOutputs({ labels, values, cols: out.cols }, c.expected, c.rows);
    assert.equal(a.labelMismatches, 1);
    assert.ok(a.maxAbsDiff > 9e-10 && a.maxAbsDiff < 1.1e-9);
    values[5] = Number.NaN;
    assert.equal(compareOutputs({ labels, values, cols: out.cols }, c.expected, c.rows).maxAbsDiff, Infinity);
  });
});
