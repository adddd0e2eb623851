import type * as tf from '@tensorflow/tfjs-core';
import type { ExecutionContext } from '../saving/ExecutionContext.ts';
import { joinStoragePath } from '../storage/validateStoragePath.ts';
import { decodeModelFile, encodeModelArtifacts, toModelArtifacts } from './modelArtifacts.ts';
import type { QuantizeMode } from './quantize.ts';
import { quantizeArtifacts } from './quantizeArtifacts.ts';

/** File of a step's model in its folder. */
export const MODEL_FILE = 'model.ferry';

/**
 * Writes `artifacts` as the step's `model.ferry`, float32 weights quantized when `quantize` says so, and returns
 * tfjs's summary of what was stored.
 */
export async function writeModelFile(
  context: ExecutionContext,
  artifacts: tf.io.ModelArtifacts,
  quantize: QuantizeMode | undefined,
): Promise<tf.io.SaveResult> {
  const file = joinStoragePath(context.path, MODEL_FILE);
  const stored = quantize ? quantizeArtifacts(artifacts, quantize, file) : artifacts;
  await context.writeFile(MODEL_FILE, await encodeModelArtifacts(stored, file));
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
}

/** Whether the step's folder holds a `model.ferry`. */
export async function hasModelFile(context: ExecutionContext): Promise<boolean> {
  const file = joinStoragePath(context.path, MODEL_FILE);
  return (await context.storage.list(context.path)).includes(file);
}

/** The step's `model.ferry` as tfjs artifacts (checked, decoded in one pass, weights copied once for tfjs). */
export async function readModelFile(context: ExecutionContext): Promise<tf.io.ModelArtifacts> {
  const file = joinStoragePath(context.path, MODEL_FILE);
  return toModelArtifacts(await decodeModelFile(await context.readFile(MODEL_FILE), file));
}
