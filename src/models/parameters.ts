import * as tf from '@tensorflow/tfjs';
import { CorruptDumpError } from '../errors/index.ts';
import { ExtraParameterError, MissingParameterError, ParameterShapeError } from '../errors/modelErrors.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { PREAMBLE_BYTES } from '../saving/format/constants.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import type { StorableArray } from './arrayEntries.ts';
import { decodeArraysFile, encodeArraysFile } from './arrays.ts';
import { namedWeights } from './parameterNames.ts';

/** Options of {@link loadParameters}. */
export interface LoadParametersOptions {
  /** Keep the current value of model weights the file does not hold (default: a {@link MissingParameterError}). */
  readonly allowMissing?: boolean;
  /** Skip parameters the model does not have (default: an {@link ExtraParameterError}). */
  readonly ignoreExtra?: boolean;
}

/**
 * Saves every weight of a tfjs LayersModel (trainable or not) as an arrays file of named arrays
 * (MXNet's `save_parameters`). Names are structural (see {@link namedWeights}), so the file loads into
 * any model built by the same code, in this process or another.
 */
export async function saveParameters(model: tf.LayersModel, storage: StorageAdapter, path: string): Promise<void> {
  await storage.write(path, await encodeParameters(model, path));
}

/** The arrays-file chunks of a model's parameters. */
export async function encodeParameters(model: tf.LayersModel, file: string): Promise<Uint8Array[]> {
  const record: Record<string, StorableArray> = {};
  for (const { name, weight } of namedWeights(model)) record[name] = weight.read();
  return encodeArraysFile(record, file);
}

/**
 * Loads parameters saved by {@link saveParameters} into `model`, matching them by name (MXNet's
 * `load_parameters`). Everything is checked before any weight changes: a model weight missing from the
 * file, a file parameter the model lacks, or a shape/dtype mismatch is a typed error naming the
 * parameter and the file.
 */
export async function loadParameters(
  model: tf.LayersModel,
  storage: StorageAdapter,
  path: string,
  options: LoadParametersOptions = {},
): Promise<void> {
  await applyParameters(model, await storage.read(path), path, options);
}

/** Loads parameters from an arrays file's bytes (see {@link loadParameters}). */
export async function applyParameters(
  model: tf.LayersModel,
  bytes: Uint8Array,
  file: string,
  options: LoadParametersOptions = {},
): Promise<void> {
  const stored = await decodeArraysFile(bytes, file, 'ndarray');
  if (Array.isArray(stored)) {
    throw new CorruptDumpError(file, PREAMBLE_BYTES, 'holds a list of arrays; a parameters file holds named arrays');
  }
  const params = stored as Record<string, NDArray>;
  const weights = namedWeights(model);
  const missing: string[] = [];
  const updates: { weight: (typeof weights)[number]['weight']; value: NDArray }[] = [];
  for (const { name, weight } of weights) {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (!value) {
      missing.push(name);
      continue;
    }
    const expected = `${weight.dtype} [${weight.shape.join(', ')}]`;
    const found = `${value.dtype} [${value.shape.join(', ')}]`;
    if (expected !== found) throw new ParameterShapeError(file, name, expected, found);
    updates.push({ weight, value });
  }
  const available = Object.keys(params);
  if (missing.length > 0 && options.allowMissing !== true) throw new MissingParameterError(file, missing, available);
  const known = new Set(weights.map((w) => w.name));
  const extra = available.filter((n) => !known.has(n));
  if (extra.length > 0 && options.ignoreExtra !== true) {
    throw new ExtraParameterError(file, extra, [...known]);
  }
  for (const { weight, value } of updates) {
    // A copy: the variable must not keep the whole file buffer alive or alias it.
    const t = tf.tensor((value.data as Float32Array).slice(), [...value.shape], weight.dtype);
    weight.write(t);
    t.dispose();
  }
}
