import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidHyperparameterError } from '../../src/errors/index.ts';
import {
  flattenHyperparams,
  HYPERPARAMETER_SEPARATOR,
  joinHyperparamName,
  nestHyperparams,
  splitHyperparamName,
  Uniform,
} from '../../src/hyperparams/index.ts';

describe('flat/nested hyperparameter names', () => {
  it('uses "__" as separator', () => {
    assert.equal(HYPERPARAMETER_SEPARATOR, '__');
    assert.deepEqual(splitHyperparamName('a__b__c'), ['a', 'b', 'c']);
    assert.equal(joinHyperparamName('a', 'b__c'), 'a__b__c');
  });

  it('flattens and nests 3 levels both ways', () => {
    assert.deepEqual(flattenHyperparams({ a: { b: { c: 1 } } }), { a__b__c: 1 });
    assert.deepEqual(nestHyperparams({ a__b__c: 1 }), { a: { b: { c: 1 } } });
    const nested = { pipe: { scaler: { mean: true, std: false }, clf: { C: 1, penalty: 'l2' } }, seed: 3 };
    const flat = flattenHyperparams(nested);
    assert.deepEqual(flat, {
      pipe__scaler__mean: true,
      pipe__scaler__std: false,
      pipe__clf__C: 1,
      pipe__clf__penalty: 'l2',
      seed: 3,
    });
    assert.deepEqual(nestHyperparams(flat), nested);
  });

  it('preserves key order', () => {
    const flat = flattenHyperparams({ z: { y: 1, a: 2 }, b: 3, m: { k: { q: 4 } } });
    assert.deepEqual(Object.keys(flat), ['z__y', 'z__a', 'b', 'm__k__q']);
    const nested = nestHyperparams({ z__y: 1, b: 3, z__a: 2 });
    assert.deepEqual(Object.keys(nested), ['z', 'b']);
    assert.deepEqual(Object.keys(nested.z as object), ['y', 'a']);
  });

  it('accepts mixed input', () => {
    assert.deepEqual(flattenHyperparams({ a: { b__c: 1 }, a__d: 2 }), { a__b__c: 1, a__d: 2 });
    assert.deepEqual(nestHyperparams({ a: { b__c: 1 }, a__d: 2 }), { a: { b: { c: 1 }, d: 2 } });
  });

  it('keeps arrays, null and distributions as leaves', () => {
    const u = new Uniform(0, 1);
    const flat = flattenHyperparams<unknown>({ a: { list: [1, 2], dist: u, none: null } });
    assert.deepEqual(Object.keys(flat), ['a__list', 'a__dist', 'a__none']);
    assert.equal(flat.a__dist, u);
    assert.equal(
      nestHyperparams<unknown>(flat).a && (nestHyperparams<unknown>(flat).a as Record<string, unknown>).dist,
      u,
    );
  });

  it('rejects empty segments and collisions', () => {
    for (const bad of ['', '__a', 'a__', 'a____b', '__proto__']) {
      assert.throws(() => splitHyperparamName(bad), InvalidHyperparameterError, bad);
      assert.throws(() => nestHyperparams({ [bad]: 1 }), InvalidHyperparameterError, bad);
    }
    assert.throws(() => flattenHyperparams({ a: { '': 1 } }), InvalidHyperparameterError);
    assert.throws(() => flattenHyperparams({ a: { b: 1 }, a__b: 2 }), InvalidHyperparameterError);
    assert.throws(() => nestHyperparams({ a: 1, a__b: 2 }), InvalidHyperparameterError);
    assert.throws(() => nestHyperparams({ a__b: 2, a: 1 }), InvalidHyperparameterError);
    assert.throws(() => joinHyperparamName('a', ''), InvalidHyperparameterError);
  });
});
