import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  Boolean,
  Choice,
  DataShuffler,
  ExecutionContext,
  HyperparameterSamples,
  Identity,
  LogisticRegression,
  LogUniform,
  MemoryStorage,
  Pipeline,
  RandInt,
  TrainOnlyWrapper,
  UnknownHyperparameterError,
} from 'ferryml';

function seedPipeline(): Pipeline {
  return new Pipeline([
    new Identity(),
    new TrainOnlyWrapper(new DataShuffler()),
    new LogisticRegression({
      space: {
        C: new LogUniform(0.01, 10),
        fitIntercept: new Boolean(),
        dual: new Boolean(),
        penalty: new Choice(['l1', 'l2']),
        maxIter: new RandInt(20, 200),
      },
    }),
  ]).setName('p');
}

describe('hyperparameter names', () => {
  it('getHyperparams() gives flat a__b__c names of the whole tree', () => {
    const flat = seedPipeline().getHyperparams().toFlat();
    assert.deepEqual(flat, {
      TrainOnlyWrapper__DataShuffler__seed: 42,
      TrainOnlyWrapper__DataShuffler__incrementSeedAfterEachFit: true,
      LogisticRegression__C: 1,
      LogisticRegression__fitIntercept: true,
      LogisticRegression__dual: false,
      LogisticRegression__penalty: 'l2',
      LogisticRegression__maxIter: 100,
      LogisticRegression__tol: 1e-4,
      LogisticRegression__classWeight: null,
      LogisticRegression__solver: 'auto',
      LogisticRegression__multiClass: 'auto',
    });
    assert.deepEqual(seedPipeline().getHyperparams().toNested(), {
      TrainOnlyWrapper: { DataShuffler: { seed: 42, incrementSeedAfterEachFit: true } },
      LogisticRegression: {
        C: 1,
        fitIntercept: true,
        dual: false,
        penalty: 'l2',
        maxIter: 100,
        tol: 1e-4,
        classWeight: null,
        solver: 'auto',
        multiClass: 'auto',
      },
    });
  });

  it('setHyperparams() routes flat and nested names to the right step', () => {
    const p = seedPipeline();
    p.setHyperparams({ LogisticRegression__C: 0.5, TrainOnlyWrapper: { DataShuffler: { seed: 7 } } });
    assert.equal((p.getStep('LogisticRegression') as LogisticRegression).hyperparams.get('C'), 0.5);
    assert.equal(p.getHyperparams().get('TrainOnlyWrapper__DataShuffler__seed'), 7);
    p.setHyperparams(new HyperparameterSamples({ LogisticRegression__penalty: 'l1' }));
    assert.equal(p.getHyperparams().get('LogisticRegression__penalty'), 'l1');
  });

  it('an object given under a leaf name is a value, through a pipeline too', () => {
    const p = seedPipeline();
    p.setHyperparams({ LogisticRegression__classWeight: { 0: 1, 2: 3 } });
    assert.deepEqual(p.getHyperparams().get('LogisticRegression__classWeight'), [0, 1, 2, 3]);
    p.setHyperparams({ LogisticRegression: { classWeight: { 4: 2 } } });
    assert.deepEqual(p.getHyperparams().get('LogisticRegression__classWeight'), [4, 2]);
    p.setHyperparams({ LogisticRegression: { classWeight: 'balanced' } });
    assert.equal(p.getHyperparams().get('LogisticRegression__classWeight'), 'balanced');
  });

  it('a misspelt name is an error listing the valid names (Neuraxle ignores it)', () => {
    const p = seedPipeline();
    assert.throws(
      () => p.setHyperparams({ LogisticRegression__c: 0.5 }),
      (e: unknown) => {
        assert.ok(e instanceof UnknownHyperparameterError);
        assert.equal(e.hyperparameter, 'c');
        assert.equal(e.stepName, 'LogisticRegression');
        assert.ok(e.valid.includes('C'));
        return true;
      },
    );
    assert.throws(
      () => p.setHyperparams({ NoSuchStep__C: 1 }),
      (e: unknown) => {
        assert.ok(e instanceof UnknownHyperparameterError);
        assert.ok(e.valid.includes('LogisticRegression__C'));
        return true;
      },
    );
    assert.throws(() => new LogisticRegression({ hyperparams: { Cee: 1 } }), UnknownHyperparameterError);
    assert.throws(() => new LogisticRegression({ space: { Cee: new LogUniform(1, 2) } }), UnknownHyperparameterError);
  });

  it('getHyperparamsSpace() gives the nested space with flat names, and sampling sets values', () => {
    const p = seedPipeline();
    const space = p.getHyperparamsSpace();
    assert.deepEqual(space.keys(), [
      'LogisticRegression__C',
      'LogisticRegression__fitIntercept',
      'LogisticRegression__dual',
      'LogisticRegression__penalty',
      'LogisticRegression__maxIter',
    ]);
    const a = space.rvs(123).toFlat();
    const b = seedPipeline().getHyperparamsSpace().rvs(123).toFlat();
    assert.deepEqual(a, b);
    const C = a.LogisticRegression__C as number;
    assert.ok(C >= 0.01 && C <= 10);
    const sampled = p.sampleHyperparams(123);
    assert.deepEqual(sampled.toFlat(), a);
    assert.equal(p.getHyperparams().get('LogisticRegression__C'), C);
  });

  it('hyperparams and spaces are saved with the step and come back identical', async () => {
    const p = seedPipeline();
    p.setHyperparams({ LogisticRegression__C: 0.25 });
    const storage = new MemoryStorage();
    await p.save(new ExecutionContext(storage), { fullDump: true });
    const loaded = await new ExecutionContext(storage).load('p');
    assert.deepEqual(loaded.getHyperparams().toFlat(), p.getHyperparams().toFlat());
    const space = loaded.getHyperparamsSpace();
    assert.deepEqual(space.keys(), p.getHyperparamsSpace().keys());
    assert.deepEqual(space.rvs(9).toFlat(), p.getHyperparamsSpace().rvs(9).toFlat());
    assert.deepEqual(space.toFlat(), p.getHyperparamsSpace().toFlat());
  });
});
