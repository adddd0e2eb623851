import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Boolean,
  Choice,
  Distribution,
  FixedHyperparameter,
  HYPERPARAMETER_CLASSES,
  HyperparameterSamples,
  HyperparameterSpace,
  LogNormal,
  LogUniform,
  Normal,
  PriorityChoice,
  Quantized,
  RandInt,
  Uniform,
} from '../../src/hyperparams/index.ts';
import { CONTINUOUS, DISCRETE } from './cases.ts';
import { dump, rebuild } from './helpers.ts';

describe('dump/load reconstruction (Object.create + assign own fields)', () => {
  it('registers every class with a unique ferry.* classId', () => {
    const ids = HYPERPARAMETER_CLASSES.map((c) => c.classId);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(ids.every((id) => /^ferry\.[A-Za-z]+$/.test(id)));
    for (const cls of [Uniform, LogUniform, Normal, LogNormal, RandInt, Boolean, Choice, PriorityChoice, Quantized]) {
      assert.ok(HYPERPARAMETER_CLASSES.includes(cls));
    }
    assert.ok(HYPERPARAMETER_CLASSES.includes(FixedHyperparameter));
    assert.ok(HYPERPARAMETER_CLASSES.includes(HyperparameterSpace));
    assert.ok(HYPERPARAMETER_CLASSES.includes(HyperparameterSamples));
  });

  for (const c of [...CONTINUOUS, ...DISCRETE]) {
    it(`${c.name} survives a JSON round trip`, () => {
      const d = c.make();
      const loaded = rebuild(d);
      assert.notEqual(loaded, d);
      assert.equal(Object.getPrototypeOf(loaded), Object.getPrototypeOf(d));
      assert.ok(loaded instanceof Distribution);
      assert.ok(loaded.equals(d));
      assert.deepEqual(loaded.rvsMany(100, 9), d.rvsMany(100, 9));
      assert.equal(loaded.mean(), d.mean());
      assert.equal(loaded.std(), d.std());
      assert.deepEqual(dump(loaded), dump(d));
    });
  }

  it('a nested space and its samples survive, and sample identically', () => {
    const space = new HyperparameterSpace({
      pipe: {
        LogisticRegression: {
          C: new LogUniform(0.01, 10),
          fitIntercept: new Boolean(),
          dual: new Boolean(),
          penalty: new Choice(['l1', 'l2']),
          maxIter: new RandInt(20, 200),
        },
        scaler: { q: new Quantized(new Normal(0, 3, { hardClipMin: -1 })), kind: 'standard' },
      },
    });
    const loaded = rebuild(space);
    assert.ok(loaded instanceof HyperparameterSpace);
    assert.ok(loaded.equals(space));
    assert.deepEqual(loaded.keys(), space.keys());
    assert.ok(loaded.get('pipe__scaler__q') instanceof Quantized);
    const samples = space.rvs(2024);
    assert.ok(loaded.rvs(2024).equals(samples));
    const loadedSamples = rebuild(samples);
    assert.ok(loadedSamples instanceof HyperparameterSamples);
    assert.ok(loadedSamples.equals(samples));
    assert.deepEqual(loadedSamples.toNested(), samples.toNested());
    assert.equal(loadedSamples.size, samples.size);
  });
});
