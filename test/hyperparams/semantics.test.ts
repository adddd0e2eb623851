import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FerryError, hasErrorCode, InvalidHyperparameterError } from '../../src/errors/index.ts';
import {
  Boolean,
  BooleanDistribution,
  Choice,
  FixedHyperparameter,
  LogNormal,
  LogUniform,
  Normal,
  PriorityChoice,
  Quantized,
  RandInt,
  UNDEFINED_STATISTIC_CODE,
  Uniform,
} from '../../src/hyperparams/index.ts';

describe('distribution semantics (Neuraxle 0.8)', () => {
  it('Boolean is the public name of BooleanDistribution with classId ferry.Boolean', () => {
    assert.equal(Boolean, BooleanDistribution);
    assert.equal(Boolean.classId, 'ferry.Boolean');
    assert.equal(new Boolean().probaIsTrue, 0.5);
    assert.equal(new Boolean(0.25).pdf(true), 0.25);
    assert.equal(new Boolean(0.25).cdf(false), 0.75);
  });

  it('LogUniform is uniform in log2 space with pdf 1/(x ln(max/min))', () => {
    const d = new LogUniform(0.01, 10);
    assert.ok(Math.abs(d.cdf(Math.sqrt(0.1)) - 0.5) < 1e-12);
    assert.ok(Math.abs(d.pdf(1) - 1 / Math.log(1000)) < 1e-15);
    assert.equal(d.pdf(20), 0);
  });

  it('LogNormal works in log2 space', () => {
    const d = new LogNormal(3, 1);
    assert.ok(Math.abs(d.cdf(8) - 0.5) < 1e-12);
    assert.ok(Math.abs(d.mean() - 2 ** 3 * Math.exp((Math.LN2 * Math.LN2) / 2)) < 1e-9);
    assert.equal(d.min(), 0);
    assert.equal(d.max(), Number.POSITIVE_INFINITY);
  });

  it('clipped Normal truncates (renormalised pdf, truncated moments)', () => {
    const d = new Normal(0, 1, { hardClipMin: 0 });
    assert.ok(Math.abs(d.pdf(0) - 2 / Math.sqrt(2 * Math.PI)) < 1e-12);
    assert.ok(Math.abs(d.mean() - Math.sqrt(2 / Math.PI)) < 1e-12);
    assert.equal(d.pdf(-0.1), 0);
    assert.equal(d.cdf(-0.1), 0);
    const far = new Normal(0, 1, { hardClipMin: 8 });
    assert.ok(far.rvsMany(100, 1).every((x) => x >= 8 && x < 10));
  });

  it('RandInt is inclusive and integer-valued', () => {
    const d = new RandInt(20, 200);
    const xs = d.rvsMany(10_000, 1);
    assert.ok(xs.every(Number.isInteger));
    assert.equal(Math.min(...xs), 20);
    assert.equal(Math.max(...xs), 200);
    assert.equal(d.pdf(20.5), 0);
    assert.equal(d.cdf(20.5), 1 / 181);
  });

  it('Choice and PriorityChoice: index statistics, default probabilities', () => {
    const c = new Choice(['l1', 'l2']);
    assert.deepEqual(c.probas, [0.5, 0.5]);
    assert.equal(c.mean(), 0.5);
    assert.equal(c.pdf('l3'), 0);
    assert.throws(() => c.cdf('l3'), FerryError);
    const p = new PriorityChoice(['a', 'b', 'c', 'd']);
    assert.ok(p.probas[0] > p.probas[1] && p.probas[1] > p.probas[2] && p.probas[2] > p.probas[3]);
    assert.ok(Math.abs(p.probas.reduce((a, b) => a + b) - 1) < 1e-12);
    assert.equal(PriorityChoice.classId, 'ferry.PriorityChoice');
    assert.equal(Choice.classId, 'ferry.Choice');
  });

  it('Choice does not share array state with the caller', () => {
    const choices = [[1, 2], [3]];
    const c = new Choice(choices);
    choices[0].push(9);
    const sample = c.rvs(1) as number[];
    sample.push(42);
    assert.deepEqual(c.choices, [[1, 2], [3]]);
  });

  it('Quantized rounds the wrapped samples', () => {
    const q = new Quantized(new Uniform(0, 10));
    assert.equal(q.pdf(0), 0.05);
    assert.ok(Math.abs(q.pdf(5) - 0.1) < 1e-12);
    assert.equal(q.pdf(4.5), 0);
    assert.equal(q.min(), 0);
    assert.equal(q.max(), 10);
    assert.ok(Math.abs(q.mean() - 5) < 1e-12);
    assert.ok(q.rvsMany(1000, 3).every((x) => Number.isInteger(x) && !Object.is(x, -0)));
    const wide = new Quantized(new Normal(0, 1e7));
    assert.equal(wide.mean(), 0);
    assert.ok(Math.abs(wide.std() - 1e7) < 1);
  });

  it('FixedHyperparameter is a point mass', () => {
    const f = new FixedHyperparameter(3);
    assert.deepEqual(f.rvsMany(3, 1), [3, 3, 3]);
    assert.equal(f.cdf(2.9), 0);
    assert.equal(f.cdf(3), 1);
    assert.equal(f.std(), 0);
    const s = new FixedHyperparameter('lbfgs');
    assert.equal(s.pdf('lbfgs'), 1);
    assert.equal(s.pdf('saga'), 0);
    assert.throws(
      () => s.mean(),
      (e: unknown) => hasErrorCode(e, UNDEFINED_STATISTIC_CODE),
    );
  });

  it('equals() compares structurally', () => {
    assert.ok(new Uniform(0, 1).equals(new Uniform(0, 1)));
    assert.ok(!new Uniform(0, 1).equals(new Uniform(0, 2)));
    assert.ok(!new Uniform(0, 1).equals(new LogUniform(0.5, 1)));
    assert.ok(new Quantized(new Normal(0, 1)).equals(new Quantized(new Normal(0, 1))));
    assert.ok(!new Choice(['a', 'b']).equals(new PriorityChoice(['a', 'b'], [0.5, 0.5])));
  });
});

describe('invalid constructor arguments throw InvalidHyperparameterError', () => {
  const cases: [string, () => unknown][] = [
    ['Uniform low == high', () => new Uniform(1, 1)],
    ['Uniform low > high', () => new Uniform(2, 1)],
    ['Uniform NaN', () => new Uniform(Number.NaN, 1)],
    ['Uniform infinite', () => new Uniform(0, Number.POSITIVE_INFINITY)],
    ['LogUniform min 0', () => new LogUniform(0, 1)],
    ['LogUniform min < 0', () => new LogUniform(-1, 1)],
    ['LogUniform min > max', () => new LogUniform(2, 1)],
    ['Normal std 0', () => new Normal(0, 0)],
    ['Normal clip inverted', () => new Normal(0, 1, { hardClipMin: 1, hardClipMax: 0 })],
    ['Normal clip without mass', () => new Normal(0, 1, { hardClipMin: 100, hardClipMax: 101 })],
    ['LogNormal std < 0', () => new LogNormal(0, -1)],
    ['LogNormal negative clip', () => new LogNormal(0, 1, { hardClipMin: -1 })],
    ['RandInt non-integer', () => new RandInt(0.5, 3)],
    ['RandInt min > max', () => new RandInt(3, 2)],
    ['Boolean proba > 1', () => new Boolean(1.5)],
    ['Boolean proba < 0', () => new Boolean(-0.1)],
    ['Choice empty', () => new Choice([])],
    ['Choice probas length', () => new Choice(['a', 'b'], [1])],
    ['Choice probas sum', () => new Choice(['a', 'b'], [0.5, 0.6])],
    ['Choice negative proba', () => new Choice(['a', 'b'], [1.5, -0.5])],
    ['Choice object value', () => new Choice([{} as unknown as string])],
    ['PriorityChoice increasing', () => new PriorityChoice(['a', 'b'], [0.3, 0.7])],
    ['PriorityChoice empty', () => new PriorityChoice([])],
    ['Quantized non-distribution', () => new Quantized({} as unknown as Uniform)],
    ['Fixed undefined', () => new FixedHyperparameter(undefined as unknown as null)],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      assert.throws(make, InvalidHyperparameterError);
    });
  }
});
