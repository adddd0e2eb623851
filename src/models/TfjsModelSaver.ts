import * as tf from '@tensorflow/tfjs';
import { BaseSaver } from '../saving/BaseSaver.ts';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import type { BaseStep } from '../step/BaseStep.ts';
import { joinStoragePath } from '../storage/validateStoragePath.ts';
import { decodeModelArtifacts, encodeModelArtifacts } from './modelArtifacts.ts';

/** File of the model in a step's folder. */
export const MODEL_FILE = 'model.ferry';

/** A step holding a live tfjs model in its `model` field. */
interface HoldsModel {
  model: tf.LayersModel | null;
}

/**
 * Saves the live tfjs model of a step's `model` field as a Ferry model file (`model.ferry`: topology,
 * training config, weights and optimizer state) in the step's folder, and strips it from what the
 * msgpack saver writes; on load, rebuilds it with `tf.loadLayersModel` (compiled again when it was).
 */
export class TfjsModelSaver extends BaseSaver {
  async saveStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const holder = step as BaseStep & HoldsModel;
    const model = holder.model;
    if (model) {
      const file = joinStoragePath(context.path, MODEL_FILE);
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          await context.writeFile(MODEL_FILE, await encodeModelArtifacts(artifacts, file));
          return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
        }),
        { includeOptimizer: model.optimizer != null },
      );
    }
    holder.model = null;
    return step;
  }

  async canLoad(_step: BaseStep, context: ExecutionContext): Promise<boolean> {
    const file = joinStoragePath(context.path, MODEL_FILE);
    return (await context.storage.list(context.path)).includes(file);
  }

  async loadStep(step: BaseStep, context: ExecutionContext): Promise<BaseStep> {
    const file = joinStoragePath(context.path, MODEL_FILE);
    const artifacts = await decodeModelArtifacts(await context.readFile(MODEL_FILE), file);
    (step as BaseStep & HoldsModel).model = await tf.loadLayersModel({ load: async () => artifacts });
    return step;
  }
}
