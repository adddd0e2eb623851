import * as tf from '@tensorflow/tfjs-core';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { decodeModelArtifacts, encodeModelArtifacts } from './modelArtifacts.ts';
import { checkQuantizeMode, type QuantizeMode } from './quantize.ts';
import { quantizeArtifacts } from './quantizeArtifacts.ts';

/** Options of {@link ferryHandler}. */
export interface FerryHandlerOptions {
  /**
   * Save float32 weights quantized per tensor, as tfjs-converter's `--quantize_float16` /
   * `--quantize_uint8` do (see `quantizeArtifacts`: weights already quantized, other dtypes and the
   * optimizer's state are kept as they are). Loads dequantize in tfjs's own weight decoder.
   * Default: every weight exact.
   */
  readonly quantize?: QuantizeMode;
}

/**
 * A tfjs `IOHandler` that stores a whole model (topology, training config, weights and, with
 * `{includeOptimizer: true}`, the optimizer's state) as one Ferry model file at `path`:
 * `await model.save(ferryHandler(storage, 'm.ferry'))` and
 * `await tf.loadLayersModel(ferryHandler(storage, 'm.ferry'))`. With `{quantize: 'uint8'}` or
 * `{quantize: 'float16'}` the weights are stored quantized (a quarter or half of the bytes).
 */
export function ferryHandler(
  storage: StorageAdapter,
  path: string,
  options: FerryHandlerOptions = {},
): tf.io.IOHandler {
  const quantize = checkQuantizeMode(options.quantize, `ferryHandler(${path})`);
  return {
    save: async (artifacts) => {
      const stored = quantize ? quantizeArtifacts(artifacts, quantize, path) : artifacts;
      await storage.write(path, await encodeModelArtifacts(stored, path));
      return { modelArtifactsInfo: artifactsInfo(stored) };
    },
    load: async () => decodeModelArtifacts(await storage.read(path), path),
  };
}

/** tfjs's summary of saved artifacts (graph models carry a binary topology tfjs does not summarise). */
function artifactsInfo(artifacts: tf.io.ModelArtifacts): tf.io.ModelArtifactsInfo {
  if (!(artifacts.modelTopology instanceof ArrayBuffer)) return tf.io.getModelArtifactsInfoForJSON(artifacts);
  const weightData = artifacts.weightData ?? new ArrayBuffer(0);
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: artifacts.modelTopology.byteLength,
    weightSpecsBytes: JSON.stringify(artifacts.weightSpecs ?? []).length,
    weightDataBytes: new tf.io.CompositeArrayBuffer(weightData).byteLength,
  };
}
