/** The seed notebook's MLP (Dense 256 relu → Dense 256 relu → Dense 1), built by one function. */
import type * as tfType from '@tensorflow/tfjs';

/** Builds the MLP; weights drawn from Normal(0, σ) with `seed` (biases too, as MXNet's `Normal` initialiser does). */
export function buildMlp(
  tf: typeof tfType,
  options: { inputs?: number; hidden?: number; seed?: number; sigma?: number } = {},
): tfType.Sequential {
  const { inputs = 100, hidden = 256, seed = 1, sigma = 1 } = options;
  const init = (s: number) => tf.initializers.randomNormal({ mean: 0, stddev: sigma, seed: s });
  const net = tf.sequential();
  net.add(
    tf.layers.dense({
      units: hidden,
      activation: 'relu',
      inputShape: [inputs],
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1),
    }),
  );
  net.add(
    tf.layers.dense({
      units: hidden,
      activation: 'relu',
      kernelInitializer: init(seed + 2),
      biasInitializer: init(seed + 3),
    }),
  );
  net.add(tf.layers.dense({ units: 1, kernelInitializer: init(seed + 4), biasInitializer: init(seed + 5) }));
  return net;
}
