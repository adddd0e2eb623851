import type * as tf from '@tensorflow/tfjs';
import { InvalidInputError } from '../errors/index.ts';
import { checkShape } from './checkShape.ts';

/** tfjs-layers' names of the loss whose expected outputs are class indices, one per row. */
const SPARSE_CATEGORICAL = 'sparseCategoricalCrossentropy';

/**
 * Checks what `model.fit(x, y)` checks first, so that the usual mistakes are an {@link InvalidInputError} naming the
 * step rather than tfjs's untyped `ValueError`: `x` fits the model input (a rank-1 `x` is one column, as tfjs takes
 * it), `y` fits the model output (class indices `[rows, 1]` for sparse categorical cross-entropy; not checked for a
 * loss given as a function), and both have the same number of rows. Models with several inputs or outputs are left
 * to tfjs.
 */
export function checkFitData(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, where: string): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return;
  const input = x.rank === 1 ? [x.shape[0], 1] : x.shape;
  checkShape(model.inputs[0].shape, input, `${where} inputs`, { expects: 'the model takes inputs', rows: false });
  const loss = Array.isArray(model.loss) ? model.loss[0] : model.loss;
  if (typeof loss === 'string') {
    const output = model.outputs[0].shape;
    const sparse = loss === SPARSE_CATEGORICAL;
    checkShape(sparse ? [...output.slice(0, -1), 1] : output, y.shape, `${where} expected outputs`, {
      expects: sparse ? 'sparse categorical cross-entropy takes expected outputs' : 'the model gives outputs',
      rows: false,
    });
  }
  if (y.shape[0] !== input[0])
    throw new InvalidInputError(where, `${input[0]} rows of inputs but ${y.shape[0]} rows of expected outputs`);
}
