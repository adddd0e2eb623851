import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors/modelErrors.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import type { StorableArray } from './arrayEntries.ts';
import { decodeArraysFile, encodeArraysFile } from './arrays.ts';
import { namedWeights } from './parameterNames.ts';

type Optimizer = tf.Optimizer;

/**
 * Saves an optimizer's state (`getWeights()`: the iteration count and its slots, e.g. Adam's `m` and
 * `v`) as a record of arrays in tfjs's order. Slot names start with the variable's tfjs name
 * (`dense_Dense4/kernel/m`), which differs between two models built by the same code, so that prefix
 * is replaced by the weight's stable parameter name (`layers.0/kernel/m`).
 */
export async function saveOptimizerState(
  model: tf.LayersModel,
  optimizer: Optimizer,
  storage: StorageAdapter,
  path: string,
): Promise<void> {
  const stable = new Map(namedWeights(model).map((w) => [w.weight.originalName, w.name] as const));
  const record: Record<string, StorableArray> = {};
  for (const { name, tensor } of await optimizer.getWeights()) record[renamePrefix(name, stable)] = tensor;
  await storage.write(path, await encodeArraysFile(record, path));
}

/** Restores what {@link saveOptimizerState} saved into `optimizer` (slot names mapped to this model's variables). */
export async function loadOptimizerState(
  model: tf.LayersModel,
  optimizer: Optimizer,
  storage: StorageAdapter,
  path: string,
  root: string,
): Promise<void> {
  const stored = await decodeArraysFile(await storage.read(path), path, 'ndarray');
  if (Array.isArray(stored)) throw new CheckpointError(root, `${path} holds a list; optimizer state is a record`);
  const tfjsNames = new Map(namedWeights(model).map((w) => [w.name, w.weight.originalName] as const));
  const named: Parameters<Optimizer['setWeights']>[0] = Object.entries(stored as Record<string, NDArray>).map(
    ([name, nd]) => ({
      name: renamePrefix(name, tfjsNames),
      tensor: tf.tensor((nd.data as Float32Array).slice(), [...nd.shape], nd.dtype as 'float32'),
    }),
  );
  try {
    await optimizer.setWeights(named);
  } finally {
    for (const { tensor } of named) tensor.dispose();
  }
}

/** `name` with its longest prefix found in `map` (followed by `/`) replaced by the mapped name. */
function renamePrefix(name: string, map: ReadonlyMap<string, string>): string {
  let cut = name.lastIndexOf('/');
  while (cut > 0) {
    const mapped = map.get(name.slice(0, cut));
    if (mapped !== undefined) return `${mapped}${name.slice(cut)}`;
    cut = name.lastIndexOf('/', cut - 1);
  }
  return name;
}
