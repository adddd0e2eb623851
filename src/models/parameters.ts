import * as tf from '@tensorflow/tfjs';
import { CorruptDumpError } from '../errors/index.ts';
import { ExtraParameterError, MissingParameterError, ParameterShapeError } from '../errors/modelErrors.ts';
import type { NDArray } from '../ndarray/NDArray.ts';
import { PREAMBLE_BYTES } from '../saving/format/constants.ts';
import type { StorageAdapter } from '../storage/StorageAdapter.ts';
import type { SavableArray } from './arrayEntries.ts';
import { decodeArraysFile, encodeArraysFile } from './arrays.ts';
import { namedWeights } from './parameterNames.ts';
import { checkQuantizeMode, type QuantizeMode, quantizeArray } from './quantize.ts';

/** Options of {@link saveParameters}. */
export interface SaveParametersOptions {
  /**
   * Store float32 weights quantized per tensor, in tfjs-converter's schemes: `'float16'` (half the
   * bytes; error at most 2^-11 relative, 2^-25 absolute below 2^-14) or `'uint8'` (a quarter; error at
   * most half the tensor's step `scale = (max - min) / 255`, plus float32 rounding). Other dtypes are
   * stored as they are. {@link loadParameters} dequantizes as tfjs does. Default: every weight exact.
   */
  readonly quantize?: QuantizeMode;
}

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
 * any model built by the same code, in this process or another. With `{quantize}`, float32 weights
 * are stored quantized (see {@link SaveParametersOptions}); a weight the mode cannot hold is a typed
 * error naming it (`Float16RangeError`, `NonFiniteWeightError`) and nothing is written.
 */
export async function saveParameters(
  model: tf.LayersModel,
  storage: StorageAdapter,
  path: string,
  options: SaveParametersOptions = {},
): Promise<void> {
  await storage.write(path, await encodeParameters(model, path, options));
}

/** The arrays-file chunks of a model's parameters. */
export async function encodeParameters(
  model: tf.LayersModel,
  file: string,
  options: SaveParametersOptions = {},
): Promise<Uint8Array[]> {
  const quantize = checkQuantizeMode(options.quantize, `saveParameters(${file})`);
  const record: Record<string, SavableArray> = {};
  for (const { name, weight } of namedWeights(model)) {
    const value = weight.read();
    if (quantize && value.dtype === 'float32') {
      const values = (await value.data()) as Float32Array;
      record[name] = quantizeArray(values, value.shape, quantize, name, `saveParameters(${file})`);
    } else {
      record[name] = value;
    }
  }
  return encodeArraysFile(record, file);
}

/**
 * Loads parameters saved by {@link saveParameters} into `model`, matching them by name (MXNet's
 * `load_parameters`); quantized parameters are dequantized exactly as tfjs dequantizes weights. Everything is checked before any weight changes: a model weight missing from the
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
