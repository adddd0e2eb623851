import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import { BaseSaver } from '../saving/BaseSaver.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { hasModelFile, readModelFile, writeModelFile } from './modelFileSaving.ts';
import { checkQuantizeMode, type QuantizeMode } from './quantize.ts';
import type { TfjsModelSaverOptions } from './TfjsModelSaver.ts';

/** A step holding a live tfjs GraphModel in its `model` field. */
interface HoldsGraphModel {
  model: GraphModel | null;
}

/**
 * Saves the live tfjs GraphModel of a step's `model` field as a Ferry model file (`model.ferry`: the graph, its
 * signature and metadata, and the weights as the model was loaded — weights that arrived quantized keep their stored
 * bytes) and strips it from the step file; on load, rebuilds it with `tf.loadGraphModel`. With `quantize`, float32
 * weights not already quantized are stored as float16 or uint8. Needs only tfjs-core and tfjs-converter.
 */
export class TfjsGraphModelSaver extends BaseSaver {
  /** How float32 weights are stored; absent: as the model holds them. */
  declare readonly quantize?: QuantizeMode;

  constructor(options: TfjsModelSaverOptions = {}) {
    super();
    const quantize = checkQuantizeMode(options.quantize, 'TfjsGraphModelSaver');
    if (quantize) Object.defineProperty(this, 'quantize', { value: quantize, enumerable: true });
  }

  async saveStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const holder = step as BaseStep & HoldsGraphModel;
    if (holder.model)
      await holder.model.save({ save: (artifacts) => writeModelFile(context, artifacts, this.quantize) });
    holder.model = null;
    return step;
  }

  async canLoad(_step: BaseStep, context: ExecutionContext): Promise<boolean> {
    return hasModelFile(context);
  }

  async loadStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const artifacts = await readModelFile(context);
    (step as BaseStep & HoldsGraphModel).model = await loadGraphModel({ load: async () => artifacts });
    return step;
  }
}
