import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError } from '../../src/errors/index.ts';
import {
  Boolean,
  Choice,
  FixedHyperparameter,
  HyperparameterSamples,
  HyperparameterSpace,
  LogUniform,
  RandInt,
  SeededRandom,
  Uniform,
} from '../../src/hyperparams/index.ts';

const logisticSpace = () => ({
  C: new LogUniform(0.01, 10),
  fitIntercept: new Boolean(),
  dual: new Boolean(),
  penalty: new Choice(['l1', 'l2']),
  maxIter: new RandInt(20, 200),
});

describe('HyperparameterSpace', () => {
  it('samples a nested space deterministically', () => {
    const space = new HyperparameterSpace({ LogisticRegression: logisticSpace() });
    assert.deepEqual(space.keys(), [
      'LogisticRegression__C',
      'LogisticRegression__fitIntercept',
      'LogisticRegression__dual',
      'LogisticRegression__penalty',
      'LogisticRegression__maxIter',
    ]);
    const a = space.rvs(42);
    const b = space.rvs(42);
    assert.ok(a instanceof HyperparameterSamples);
    assert.ok(a.equals(b));
    assert.ok(!a.equals(space.rvs(43)));
    const step = a.subset('LogisticRegression');
    const C = step.get('C') as number;
    assert.ok(C >= 0.01 && C <= 10);
    assert.equal(typeof step.get('fitIntercept'), 'boolean');
    assert.equal(typeof step.get('dual'), 'boolean');
    assert.ok(['l1', 'l2'].includes(step.get('penalty') as string));
    const maxIter = step.get('maxIter') as number;
    assert.ok(Number.isInteger(maxIter) && maxIter >= 20 && maxIter <= 200);
    assert.deepEqual(Object.keys(a.toNested()), ['LogisticRegression']);
  });

  it('draws in key order from one generator', () => {
    const u = new Uniform(0, 1);
    const ab = new HyperparameterSpace({ a: u, b: u }).rvs(7);
    const ba = new HyperparameterSpace({ b: u, a: u }).rvs(7);
    assert.equal(ab.get('a'), ba.get('b'));
    assert.equal(ab.get('b'), ba.get('a'));
    const r = new SeededRandom(7);
    assert.deepEqual([ab.get('a'), ab.get('b')], [u.rvs(r), u.rvs(r)]);
    const shared = new SeededRandom(1);
    const first = new HyperparameterSpace({ a: u }).rvs(shared);
    const second = new HyperparameterSpace({ a: u }).rvs(shared);
    assert.notEqual(first.get('a'), second.get('a'));
  });

  it('keeps plain values as FixedHyperparameter', () => {
    const space = new HyperparameterSpace({
      step: { solver: 'lbfgs', tol: 1e-4, classes: [0, 1], C: new Uniform(0, 1) },
    });
    assert.ok(space.get('step__solver') instanceof FixedHyperparameter);
    const s = space.rvs(1);
    assert.equal(s.get('step__solver'), 'lbfgs');
    assert.equal(s.get('step__tol'), 1e-4);
    assert.deepEqual(s.get('step__classes'), [0, 1]);
  });

  it('composes with withPrefix / merge / subset / toFlat / toNested', () => {
    const clf = new HyperparameterSpace(logisticSpace());
    const scaler = new HyperparameterSpace({ withMean: new Boolean(0.9) });
    const pipe = clf.withPrefix('clf').merge(scaler.withPrefix('scaler'));
    assert.equal(pipe.size, 6);
    assert.ok(pipe.subset('clf').equals(clf));
    assert.ok(new HyperparameterSpace({ pipe: { clf, scaler } }).subset('pipe').equals(pipe));
    const nested = pipe.toNested();
    assert.deepEqual(Object.keys(nested), ['clf', 'scaler']);
    assert.ok(new HyperparameterSpace(nested).equals(pipe));
    assert.deepEqual(Object.keys(pipe.toFlat()), pipe.keys());
    const overridden = pipe.merge({ clf__C: 1 });
    assert.ok(overridden.get('clf__C') instanceof FixedHyperparameter);
    assert.deepEqual(overridden.keys(), pipe.keys());
    assert.ok(pipe.get('clf__C') instanceof LogUniform);
    assert.ok(pipe.has('scaler__withMean'));
  });

  it('rejects invalid leaves and names', () => {
    assert.throws(() => new HyperparameterSpace({ a: (() => 1) as unknown as number }), InvalidHyperparameterError);
    assert.throws(() => new HyperparameterSpace({ a: { __b: new Uniform(0, 1) } }), InvalidHyperparameterError);
  });
});
