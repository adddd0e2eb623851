/**
 * The two models quantized saves are measured on (test/models/quantize.test.ts and
 * bench/models/quantize.bench.ts): the seed MLP with the cross-runtime weights, and a generated
 * convolutional network, both seeded, with their inputs.
 */
import type * as tfType from '@tensorflow/tfjs';
import { buildSeedMlp } from '../../examples/tfjs/mlp.ts';
import { MLP_INPUTS, MLP_ROWS, mlpRows, mlpWeights } from '../cross-runtime/mlpData.ts';

/** A model and the batch it is evaluated on. */
export interface MeasuredModel {
  readonly name: string;
  readonly model: tfType.LayersModel;
  readonly input: tfType.Tensor;
}

/** The seed MLP (100 → 256 relu → 256 relu → 1) with the cross-runtime weights; input: ones and 8 rows. */
export function seedMlp(tf: typeof tfType): MeasuredModel {
  const model = buildSeedMlp({ seed: 1 });
  model.setWeights(mlpWeights().map((w) => tf.tensor(w.values, [...w.shape], 'float32')));
  const rows = tf.tensor2d(mlpRows(), [MLP_ROWS, MLP_INPUTS], 'float32');
  const input = tf.concat([tf.ones([1, MLP_INPUTS]), rows]);
  rows.dispose();
  return { name: 'MLP 100-256-256-1', model, input };
}

/**
 * A generated convolutional network on 32×32×3 images: conv 3×3×16 (relu) → conv 3×3×32 stride 2
 * (relu) → batch norm → conv 3×3×64 stride 2 (relu) → flatten → dense 10, every kernel and bias drawn
 * from seeded initialisers (biases non-zero, so their bytes count); batch norm's moving statistics
 * are set to seeded non-trivial values. Input: 4 seeded images uniform in [0, 1).
 */
export function convNet(tf: typeof tfType, seed = 11): MeasuredModel {
  const kernel = (k: number) => tf.initializers.heNormal({ seed: seed * 100 + k });
  const bias = (k: number) => tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed: seed * 100 + 50 + k });
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [32, 32, 3],
      filters: 16,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: kernel(1),
      biasInitializer: bias(1),
    }),
  );
  model.add(
    tf.layers.conv2d({
      filters: 32,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: kernel(2),
      biasInitializer: bias(2),
    }),
  );
  model.add(
    tf.layers.batchNormalization({
      movingMeanInitializer: tf.initializers.randomUniform({ minval: 0, maxval: 0.5, seed: seed * 100 + 90 }),
      movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 2, seed: seed * 100 + 91 }),
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.8, maxval: 1.2, seed: seed * 100 + 92 }),
      betaInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 0.1, seed: seed * 100 + 93 }),
    }),
  );
  model.add(
    tf.layers.conv2d({
      filters: 64,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: kernel(3),
      biasInitializer: bias(3),
    }),
  );
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, kernelInitializer: kernel(4), biasInitializer: bias(4) }));
  const input = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', seed);
  return { name: 'conv 32x32x3 → 16 → 32 → BN → 64 → dense 10', model, input };
}
