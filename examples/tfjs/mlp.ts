/** The notebook's MLP in tfjs: Dense(256, relu) → Dense(256, relu) → Dense(1), as gluon builds it. */
import * as tf from '@tensorflow/tfjs';

/** Options of {@link buildSeedMlp}. */
export interface SeedMlpOptions {
  readonly inputs?: number;
  readonly hidden?: number;
  /** Seed of the Normal(0, σ) weight initialiser (each layer gets its own derived seed). */
  readonly seed?: number;
  /** σ of the weight initialiser (MXNet's `mx.init.Normal(sigma=1.)`). */
  readonly sigma?: number;
}

/**
 * Builds the MLP with weights drawn from Normal(0, σ) and zero biases, which is what
 * `net.collect_params().initialize(mx.init.Normal(sigma=1.))` gives a gluon Dense (its bias keeps
 * its own `zeros` initialiser). No layer is named: tfjs names them `dense_DenseN`, counting up.
 */
export function buildSeedMlp(options: SeedMlpOptions = {}): tf.Sequential {
  const { inputs = 100, hidden = 256, seed = 1, sigma = 1 } = options;
  const init = (k: number) => tf.initializers.randomNormal({ mean: 0, stddev: sigma, seed: seed * 10 + k });
  const net = tf.sequential();
  net.add(tf.layers.dense({ units: hidden, activation: 'relu', inputShape: [inputs], kernelInitializer: init(1) }));
  net.add(tf.layers.dense({ units: hidden, activation: 'relu', kernelInitializer: init(2) }));
  net.add(tf.layers.dense({ units: 1, kernelInitializer: init(3) }));
  return net;
}
