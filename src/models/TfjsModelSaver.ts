import * as tf from '@tensorflow/tfjs';
import { BaseSaver } from '../saving/BaseSaver.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { hasModelFile, readModelFile, writeModelFile } from './modelFileSaving.ts';
import { checkQuantizeMode, type QuantizeMode } from './quantize.ts';

export { MODEL_FILE } from './modelFileSaving.ts';

/** A step holding a live tfjs LayersModel in its `model` field. */
interface HoldsModel {
  model: tf.LayersModel | null;
}

/** Options of a {@link TfjsModelSaver}. */
export interface TfjsModelSaverOptions {
  /** Store float32 weights quantized per tensor (tfjs-converter's schemes); loads dequantize. Default: exact. */
  readonly quantize?: QuantizeMode;
}

/**
 * Saves the live tfjs model of a step's `model` field as a Ferry model file (`model.ferry`: topology,
 * training config, weights and optimizer state) in the step's folder, and strips it from what the
 * msgpack saver writes; on load, rebuilds it with `tf.loadLayersModel` (compiled again when it was).
 * With `quantize`, float32 weights are stored as float16 or uint8 (the optimizer's state stays exact).
 */
export class TfjsModelSaver extends BaseSaver {
  /** How float32 weights are stored; absent: exact (and absent from the dump, as before quantized saves). */
  declare readonly quantize?: QuantizeMode;

  constructor(options: TfjsModelSaverOptions = {}) {
    super();
    const quantize = checkQuantizeMode(options.quantize, 'TfjsModelSaver');
    if (quantize) Object.defineProperty(this, 'quantize', { value: quantize, enumerable: true });
  }

  async saveStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const holder = step as BaseStep & HoldsModel;
    const model = holder.model;
    if (model) {
      await model.save(
        { save: (artifacts) => writeModelFile(context, artifacts, this.quantize) },
        { includeOptimizer: model.optimizer != null },
      );
    }
    holder.model = null;
    return step;
  }

  async canLoad(_step: BaseStep, context: ExecutionContext): Promise<boolean> {
    return hasModelFile(context);
  }

  async loadStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const artifacts = await readModelFile(context);
    (step as BaseStep & HoldsModel).model = await tf.loadLayersModel({ load: async () => artifacts });
    return step;
  }
}
