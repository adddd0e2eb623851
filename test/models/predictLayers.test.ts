/**
 * predictLayers (what TfjsModelStep.transform runs): the same bits as `model.predict` on every path it takes (the
 * Dense chain, `model.execute` on the whole input, `predict` past one batch), on the cpu backend and on the wasm
 * backend (XNNPACK); typed errors where predict throws tfjs's untyped ValueError; no tensors left behind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidInputError, isFerryError } from 'ferryml';
import { denseChain } from '../../src/models/denseChain.ts';
import { PREDICT_BATCH_ROWS, predictLayers } from '../../src/models/predictLayers.ts';
import { sameBits, useCpuBackend } from './helpers.ts';

await useCpuBackend();

type Activation = 'relu' | 'linear' | 'elu' | 'softmax' | 'tanh' | 'sigmoid';

/** A seeded Sequential stack of Dense layers with these activations (the second layer without a bias). */
function denseStack(features: number, activations: readonly Activation[], seed: number): tf.Sequential {
  const model = tf.sequential();
  activations.forEach((activation, i) => {
    model.add(
      tf.layers.dense({
        units: 5 + 3 * i,
        activation,
        useBias: i !== 1,
        kernelInitializer: tf.initializers.randomNormal({ stddev: 0.7, seed: seed + i }),
        biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed + 10 + i }),
        ...(i === 0 ? { inputShape: [features] } : {}),
      }),
    );
  });
  return model;
}

/** A small convolutional model: not a Dense chain, so predictLayers runs it through `model.execute`. */
function convModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.reshape({ targetShape: [4, 4, 1], inputShape: [16] }));
  model.add(tf.layers.conv2d({ filters: 3, kernelSize: 2, activation: 'relu', kernelInitializer: 'glorotNormal' }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 2, activation: 'softmax' }));
  return model;
}

const ROWS = [1, 2, 6, 31, PREDICT_BATCH_ROWS, PREDICT_BATCH_ROWS + 1, 70];

/** Counts the calls of `model.predict` and `model.execute` while `run` runs. */
function countCalls<T>(model: tf.LayersModel, run: () => T): { result: T; predict: number; execute: number } {
  const calls = { predict: 0, execute: 0 };
  const { predict, execute } = model;
  model.predict = (...args: Parameters<typeof predict>) => {
    calls.predict++;
    return predict.apply(model, args);
  };
  model.execute = (...args: Parameters<typeof execute>) => {
    calls.execute++;
    return execute.apply(model, args);
  };
  try {
    return { result: run(), ...calls };
  } finally {
    model.predict = predict;
    model.execute = execute;
  }
}

/** Compares predictLayers with model.predict on seeded inputs of each row count; returns how each was run. */
function compareWithPredict(
  model: tf.LayersModel,
  features: number,
): { chain: number; execute: number; predict: number } {
  const paths = { chain: 0, execute: 0, predict: 0 };
  for (const rows of ROWS) {
    const x = tf.randomNormal([rows, features], 0, 2, 'float32', rows);
    const expected = model.predict(x) as tf.Tensor;
    const before = tf.memory().numTensors;
    const { result, predict, execute } = countCalls(model, () => predictLayers(model, x, 'Step "m" inputs'));
    assert.equal(tf.memory().numTensors, before + 1, `${rows} rows: only the result is left`);
    assert.deepEqual(result.shape, expected.shape);
    assert.ok(
      sameBits(result.dataSync() as Float32Array, expected.dataSync() as Float32Array),
      `${rows} rows on ${tf.getBackend()}: predictLayers differs from model.predict`,
    );
    if (predict > 0) paths.predict++;
    else if (execute > 0) paths.execute++;
    else paths.chain++;
    tf.dispose([x, expected, result]);
  }
  return paths;
}

const STACKS: readonly (readonly Activation[])[] = [
  ['relu', 'relu', 'linear'],
  ['elu', 'linear'],
  ['relu', 'softmax'],
  ['tanh', 'sigmoid'],
];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`predictLayers on tfjs's ${backend} backend`, () => {
    it('gives model.predict bit for bit: Dense chains as fused matmuls, other stacks through execute, more than one batch through predict', async () => {
      assert.ok(await tf.setBackend(backend), `the ${backend} backend starts`);
      const tally: string[] = [];
      for (const [i, activations] of STACKS.entries()) {
        const model = denseStack(13, activations, 100 * i);
        const fused = activations.every((a) => a === 'relu' || a === 'linear' || a === 'elu');
        assert.equal(
          denseChain(model) !== null,
          fused,
          `${activations}: a Dense chain exactly when every activation fuses`,
        );
        const paths = compareWithPredict(model, 13);
        const small = ROWS.filter((r) => r <= PREDICT_BATCH_ROWS).length;
        assert.deepEqual(paths, {
          chain: fused ? small : 0,
          execute: fused ? 0 : small,
          predict: ROWS.length - small,
        });
        tally.push(
          `${activations.join('+')}: chain ${paths.chain}, execute ${paths.execute}, predict ${paths.predict}`,
        );
        model.dispose();
      }
      const conv = convModel();
      assert.equal(denseChain(conv), null);
      const paths = compareWithPredict(conv, 16);
      assert.equal(paths.chain, 0);
      tally.push(`conv: chain ${paths.chain}, execute ${paths.execute}, predict ${paths.predict}`);
      conv.dispose();
      console.log(
        `predictLayers on ${backend}: ${tally.join('; ')} (row counts ${ROWS.join(', ')}; all bit-identical)`,
      );
      await tf.setBackend('cpu');
    });
  });
}

describe('predictLayers inputs', () => {
  it('takes a rank-1 input as a column, as predict does', () => {
    const model = denseStack(1, ['relu', 'linear'], 7);
    const x = tf.tensor1d([0.5, -1, 2, 3.25]);
    const expected = model.predict(x) as tf.Tensor;
    const got = predictLayers(model, x, 'Step "m" inputs');
    assert.deepEqual(got.shape, [4, 8]);
    assert.ok(sameBits(got.dataSync() as Float32Array, expected.dataSync() as Float32Array));
    tf.dispose([x, expected, got]);
    model.dispose();
  });

  it('answers a wrong width or rank with InvalidInputError naming the step and both shapes, leaving no tensors', () => {
    const model = denseStack(3, ['relu', 'linear'], 3);
    for (const [shape, got] of [
      [[2, 4], '[2, 4]'],
      [[1, 1, 3], '[1, 1, 3]'],
      [[5], '[5, 1]'],
    ] as const) {
      const x = tf.zeros([...shape]);
      const before = tf.memory().numTensors;
      assert.throws(
        () => predictLayers(model, x, 'Step "mlp" inputs'),
        (e: unknown) =>
          e instanceof InvalidInputError &&
          isFerryError(e) &&
          e.message === `Step "mlp" inputs: the model takes inputs of shape [rows, 3]; got ${got}`,
      );
      assert.equal(tf.memory().numTensors, before);
      x.dispose();
    }
    model.dispose();
  });

  it('refuses models with several inputs or outputs with InvalidInputError', () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: [a, b] });
    const x = tf.zeros([2, 3]);
    assert.throws(
      () => predictLayers(model, x, 'Step "two" inputs'),
      (e: unknown) => e instanceof InvalidInputError && /1 inputs and 2 outputs/.test(e.message),
    );
    x.dispose();
    model.dispose();
  });

  it('runs an int32 input through execute, as predict would (no Dense chain for other dtypes)', () => {
    const model = denseStack(2, ['relu'], 11);
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const { result, execute } = countCalls(model, () => predictLayers(model, x, 'Step "m" inputs'));
    const expected = model.predict(x) as tf.Tensor;
    assert.equal(execute, 1);
    assert.ok(sameBits(result.dataSync() as Float32Array, expected.dataSync() as Float32Array));
    tf.dispose([x, result, expected]);
    model.dispose();
  });
});
