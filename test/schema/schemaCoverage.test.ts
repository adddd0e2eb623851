/**
 * Every registered built-in class declares its saved fields, and the declarations match the classes: the
 * hyperparameter names are the step's own, and a fitted instance saves exactly the declared fields.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BUILTIN_STEP_IDS,
  DataShuffler,
  HYPERPARAMETER_CLASSES,
  Identity,
  KMeans,
  LinearRegression,
  LogisticRegression,
  MinMaxScaler,
  OutputTransformerWrapper,
  PCA,
  Pipeline,
  Ravel,
  Ridge,
  registeredClassIds,
  StandardScaler,
  schemaOf,
  TrainOnlyWrapper,
} from 'ferryml';
import { TFJS_CLASS_IDS } from '../../src/models/index.ts';
import { BASE_STEP_FIELDS } from '../../src/schema/baseStepFields.ts';
import type { BaseStep } from '../../src/step/BaseStep.ts';

const TRANSIENT = ['isInitialized', 'isInvalidated', 'isTrain'];

describe('field schemas cover the built-in classes', () => {
  it('every built-in, hyperparameter and tfjs class has a schema', () => {
    const ids = [
      ...BUILTIN_STEP_IDS.map(([, id]) => id),
      ...HYPERPARAMETER_CLASSES.map((c) => c.classId),
      ...TFJS_CLASS_IDS.map(([, id]) => id),
    ];
    for (const id of ids) {
      assert.ok(registeredClassIds().includes(id), `${id} is registered`);
      assert.ok(schemaOf(id), `${id} has a schema`);
    }
  });

  it("each step schema declares exactly the step's own hyperparameter names", () => {
    for (const [cls, id] of [...BUILTIN_STEP_IDS, ...TFJS_CLASS_IDS]) {
      const schema = schemaOf(id);
      if (schema?.kind !== 'step') continue;
      const own = (Object.create(cls.prototype) as BaseStep).ownHyperparamNames().sort();
      assert.deepEqual(Object.keys(schema.hyperparameters ?? {}).sort(), own, id);
    }
  });

  it('a fitted instance of each built-in step saves exactly its declared fields', async () => {
    const X = [
      [1, 2, 3],
      [2, 1, 0],
      [3, 5, 1],
      [0, 1, 2],
      [4, 4, 4],
      [1, 0, 1],
    ];
    const y = [0, 1, 0, 1, 1, 0];
    const steps: [string, BaseStep][] = [
      ['ferry.StandardScaler', new StandardScaler()],
      ['ferry.MinMaxScaler', new MinMaxScaler()],
      ['ferry.LinearRegression', new LinearRegression()],
      ['ferry.Ridge', new Ridge()],
      ['ferry.LogisticRegression', new LogisticRegression()],
      ['ferry.PCA', new PCA()],
      ['ferry.KMeans', new KMeans({ hyperparams: { nClusters: 2 } })],
      ['ferry.DataShuffler', new DataShuffler()],
      ['ferry.Identity', new Identity()],
      ['ferry.Ravel', new Ravel()],
      ['ferry.TrainOnlyWrapper', new TrainOnlyWrapper(new Identity())],
      ['ferry.OutputTransformerWrapper', new OutputTransformerWrapper(new Identity())],
      ['ferry.Pipeline', new Pipeline([new Identity()])],
    ];
    for (const [id, step] of steps) {
      await step.fit(X, y);
      const saved = Object.keys(step)
        .filter((k) => !TRANSIENT.includes(k))
        .sort();
      const declared = [...Object.keys(BASE_STEP_FIELDS), ...Object.keys(schemaOf(id)?.fields ?? {})].sort();
      assert.deepEqual(saved, declared, id);
    }
  });
});
