import * as tf from '@tensorflow/tfjs';

/** The activations tfjs-layers' Dense fuses into its matmul (tfjs-layers' `mapActivationToFusedKernel`). */
const FUSED_ACTIVATIONS = new Set(['relu', 'linear', 'elu']);

/** A layer weight: `read()` gives its current value. */
interface LayerWeight {
  read(): tf.Tensor;
}

/** The parts of a tfjs-layers Dense layer read here (public fields of the class, untyped in tfjs's exports). */
interface DenseFields {
  readonly kernel?: LayerWeight | null;
  readonly bias?: LayerWeight | null;
  readonly activation?: { getClassName(): string } | null;
  readonly _callHook?: unknown;
}

/** One Dense layer as the fused matmul it runs: its weights (read at each run) and its activation. */
interface DenseLink {
  readonly kernel: LayerWeight;
  readonly bias: LayerWeight | null;
  readonly activation: 'relu' | 'linear' | 'elu';
}

/**
 * The model as a chain of Dense layers, when it is one: a Sequential model whose layers (after its input layer) are
 * all Dense, each with an activation Dense fuses (relu, linear, elu) and no call hook. Else null.
 */
export function denseChain(model: tf.LayersModel): readonly DenseLink[] | null {
  if (!(model instanceof tf.Sequential)) return null;
  const links: DenseLink[] = [];
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name === 'InputLayer') continue;
    if (name !== 'Dense') return null;
    const fields = layer as unknown as DenseFields;
    const activation = fields.activation?.getClassName();
    if (!fields.kernel || activation === undefined || !FUSED_ACTIVATIONS.has(activation) || fields._callHook != null)
      return null;
    links.push({ kernel: fields.kernel, bias: fields.bias ?? null, activation: activation as DenseLink['activation'] });
  }
  return links.length > 0 ? links : null;
}

/**
 * Runs a Dense chain on a float32 matrix `x` (`[rows, features]`) as Dense's own `call` does for rank-2 inputs: one
 * `tf.fused.matMul` per layer with its kernel, bias and fused activation, so the results are those of
 * `model.predict`, bit for bit, without tfjs-layers' per-layer bookkeeping around the same kernels. Call inside
 * `tf.tidy`.
 */
export function runDenseChain(links: readonly DenseLink[], x: tf.Tensor2D): tf.Tensor {
  let y: tf.Tensor = x;
  for (const { kernel, bias, activation } of links) {
    y = tf.fused.matMul({
      a: y as tf.Tensor2D,
      b: kernel.read() as tf.Tensor2D,
      bias: bias ? bias.read() : undefined,
      activation,
    });
  }
  return y;
}
