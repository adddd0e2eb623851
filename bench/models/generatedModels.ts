/**
 * Models of realistic shape, generated (seeded) for the model-file benchmarks: no network, no fixtures. The layers
 * model is a residual conv net with 402 weights (11.3 MB) and a 162 KB topology, so its `model.json` (topology plus
 * weights manifest) is about 200 KB, the size of real converted image models.
 */
import * as tf from '@tensorflow/tfjs';

/** tfjs's artifacts of a model, as its own `save` hands them to an IOHandler. */
export async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!artifacts) throw new Error('tfjs saved nothing');
  return artifacts;
}

/** A residual conv net: `blocks` × (conv 3×3 → batch norm → ReLU6 → dropout → projection → add), then pool + dense. */
export function residualConvNet(blocks = 80, channels = 64): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, channels], name: 'image' });
  let x: tf.SymbolicTensor = input;
  for (let i = 0; i < blocks; i++) {
    const prefix = `stage_${i >> 4}_block_${i}`;
    let y = tf.layers
      .conv2d({
        filters: channels,
        kernelSize: 3,
        padding: 'same',
        useBias: false,
        name: `${prefix}_conv`,
        kernelInitializer: tf.initializers.heNormal({ seed: i }),
      })
      .apply(x) as tf.SymbolicTensor;
    y = tf.layers.batchNormalization({ name: `${prefix}_batch_norm` }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.reLU({ maxValue: 6, name: `${prefix}_relu6` }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.dropout({ rate: 0.1, name: `${prefix}_dropout` }).apply(y) as tf.SymbolicTensor;
    y = tf.layers.activation({ activation: 'linear', name: `${prefix}_projection` }).apply(y) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `${prefix}_residual_add` }).apply([x, y]) as tf.SymbolicTensor;
  }
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({
      units: 10,
      activation: 'softmax',
      name: 'logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'residual_convnet' });
}

/** tfjs's own file layout of `artifacts`: `model.json` (topology + weights manifest) and one `weights.bin`. */
export function tfjsFiles(artifacts: tf.io.ModelArtifacts): { modelJson: string; weightsBin: Uint8Array } {
  const { weightData, weightSpecs, ...rest } = artifacts;
  const modelJson = JSON.stringify({ ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] });
  const weightsBin = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData ?? new ArrayBuffer(0)));
  return { modelJson, weightsBin };
}
