import * as tf from '@tensorflow/tfjs';
import { InvalidInputError } from '../errors/index.ts';
import { checkShape } from './checkShape.ts';
import { denseChain, runDenseChain } from './denseChain.ts';

/** Rows `LayersModel.predict` runs per batch when no `batchSize` is given. */
export const PREDICT_BATCH_ROWS = 32;

/**
 * `model.predict(x)` for a model with one input and one output, computed the same way, bit for bit: `x` of rank 1 is
 * taken as a column (as predict does), then its shape is checked against the model's input (a typed error naming
 * `where`, where predict throws tfjs's untyped `ValueError`). Up to {@link PREDICT_BATCH_ROWS} rows, the graph runs on
 * `x` itself: that is predict's single batch without the copies predict makes around it (a slice of all rows, then a
 * concat of the one result). A model that is a chain of Dense layers runs as the fused matmuls those layers run
 * ({@link runDenseChain}); any other runs through `model.execute`. More rows go to `predict`, which runs them batch
 * by batch.
 * The caller disposes the result (and `x`); tensors made here are disposed here.
 */
export function predictLayers(model: tf.LayersModel, x: tf.Tensor, where: string): tf.Tensor {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new InvalidInputError(
      where,
      `the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; this step runs models with one of each`,
    );
  }
  return tf.tidy(() => {
    const input = x.rank === 1 ? tf.expandDims(x, 1) : x;
    checkShape(model.inputs[0].shape, input.shape, where, { expects: 'the model takes inputs', rows: false });
    if (input.shape[0] > PREDICT_BATCH_ROWS) return model.predict(input) as tf.Tensor;
    const chain = input.rank === 2 && input.dtype === 'float32' ? denseChain(model) : null;
    if (chain) return runDenseChain(chain, input as tf.Tensor2D);
    return model.execute(input, model.outputs[0].name) as tf.Tensor;
  });
}
