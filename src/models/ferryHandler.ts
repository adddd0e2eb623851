import * as tf from '@tensorflow/tfjs';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import { decodeModelArtifacts, encodeModelArtifacts } from './modelArtifacts.ts';

/**
 * A tfjs `IOHandler` that stores a whole model (topology, training config, weights and, with
 * `{includeOptimizer: true}`, the optimizer's state) as one Ferry model file at `path`:
 * `await model.save(ferryHandler(storage, 'm.ferry'))` and
 * `await tf.loadLayersModel(ferryHandler(storage, 'm.ferry'))`.
 */
export function ferryHandler(storage: StorageAdapter, path: string): tf.io.IOHandler {
  return {
    save: async (artifacts) => {
      await storage.write(path, await encodeModelArtifacts(artifacts, path));
      return { modelArtifactsInfo: artifactsInfo(artifacts) };
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
