import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError } from '../../src/errors/index.ts';
import { HyperparameterSamples, Uniform } from '../../src/hyperparams/index.ts';

describe('HyperparameterSamples', () => {
  const nested = { clf: { C: 0.5, penalty: 'l2', opts: { dual: false } }, scaler: { cols: [1, 2] } };

  it('stores nested, flat and mixed input flat', () => {
    const a = new HyperparameterSamples(nested);
    const b = new HyperparameterSamples({
      clf__C: 0.5,
      clf__penalty: 'l2',
      clf__opts__dual: false,
      scaler__cols: [1, 2],
    });
    const c = new HyperparameterSamples({
      clf: { C: 0.5, penalty: 'l2' },
      clf__opts__dual: false,
      scaler: { cols: [1, 2] },
    });
    assert.deepEqual(a.values, b.values);
    assert.deepEqual(a.values, c.values);
    assert.ok(a.equals(b));
    assert.deepEqual(a.keys(), ['clf__C', 'clf__penalty', 'clf__opts__dual', 'scaler__cols']);
    assert.equal(a.size, 4);
    assert.equal(new HyperparameterSamples().size, 0);
  });

  it('get / has / toFlat / toNested', () => {
    const s = new HyperparameterSamples(nested);
    assert.equal(s.get('clf__C'), 0.5);
    assert.deepEqual(s.get('scaler__cols'), [1, 2]);
    assert.equal(s.get('nope'), undefined);
    assert.ok(s.has('clf__opts__dual'));
    assert.ok(!s.has('clf'));
    assert.deepEqual(s.toNested(), nested);
    const flat = s.toFlat();
    flat.clf__C = 99;
    assert.equal(s.get('clf__C'), 0.5);
  });

  it('merge, withPrefix and subset', () => {
    const s = new HyperparameterSamples({ a: 1, b: 2 });
    const merged = s.merge({ b: 3, c: 4 });
    assert.deepEqual(merged.values, { a: 1, b: 3, c: 4 });
    assert.deepEqual(merged.keys(), ['a', 'b', 'c']);
    assert.deepEqual(s.values, { a: 1, b: 2 });
    const prefixed = s.withPrefix('step');
    assert.deepEqual(prefixed.values, { step__a: 1, step__b: 2 });
    assert.deepEqual(prefixed.withPrefix('pipe').keys(), ['pipe__step__a', 'pipe__step__b']);
    assert.ok(prefixed.subset('step').equals(s));
    assert.deepEqual(new HyperparameterSamples(nested).subset('clf__opts').values, { dual: false });
    assert.equal(prefixed.subset('other').size, 0);
    assert.deepEqual(new HyperparameterSamples({ pipe: s }).values, { pipe__a: 1, pipe__b: 2 });
  });

  it('rejects non-values and bad names', () => {
    assert.throws(
      () => new HyperparameterSamples({ a: new Uniform(0, 1) as unknown as number }),
      InvalidHyperparameterError,
    );
    assert.throws(() => new HyperparameterSamples({ a: undefined as unknown as null }), InvalidHyperparameterError);
    assert.throws(() => new HyperparameterSamples({ a: [{}] as unknown as number[] }), InvalidHyperparameterError);
    assert.throws(() => new HyperparameterSamples({ a____b: 1 }), InvalidHyperparameterError);
    assert.throws(() => new HyperparameterSamples({ a: 1 }).withPrefix(''), InvalidHyperparameterError);
  });
});
