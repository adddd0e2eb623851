import * as tf from '@tensorflow/tfjs-core';
import { CorruptDumpError, InvalidInputError } from '../errors/index.ts';
import { UnsupportedDtypeError } from '../errors/modelErrors.ts';
import { isNDArray, NDArray, shapeSize } from '../ndarray/NDArray.ts';
import { PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { addTensor, type CheckedFile, type PayloadWriter, TensorRef, tensorData } from './ferryFormat.ts';
import { QuantizedArray } from './quantize.ts';
import { decodeQuantizedEntry, encodeQuantizedEntry, isQuantizedEntry } from './quantizedArrayEntry.ts';
import { isTensor, isTfjsNumericDType, type Tensor } from './tensors.ts';

/** What an arrays file holds per array: an NDArray or a tfjs tensor of any dtype. */
export type StorableArray = NDArray | Tensor;

/** What an arrays file can be given per array: a {@link StorableArray}, or a float32 array stored quantized. */
export type SavableArray = StorableArray | QuantizedArray;

/** How loaded arrays are handed back. */
export type LoadAs = 'tensor' | 'ndarray';

/**
 * The header entry of one array, its bytes appended to `payload` (referenced, not copied).
 * Numeric arrays are a tensor descriptor; `complex64` tensors a map `{dtype, shape, parts}` whose
 * `parts` is float32 `[...shape, 2]` (real, imaginary interleaved); `string` tensors a map
 * `{dtype, shape, values}` with each element's UTF-8 bytes as msgpack bin; quantized float32 arrays a
 * map `{dtype: 'float32', shape, quantization, data}` (see quantizedArrayEntry.ts).
 */
export async function encodeArrayEntry(value: unknown, where: string, payload: PayloadWriter): Promise<unknown> {
  if (value instanceof QuantizedArray) return encodeQuantizedEntry(value, payload);
  if (isNDArray(value)) {
    const nd = value as NDArray;
    return addTensor(payload, nd.dtype, nd.shape, nd.data);
  }
  if (!isTensor(value)) {
    throw new InvalidInputError(where, `expected an NDArray or a tfjs tensor, got ${describe(value)}`);
  }
  const shape = [...value.shape];
  if (isTfjsNumericDType(value.dtype)) {
    const data = (await value.data()) as Float32Array | Int32Array | Uint8Array;
    return addTensor(payload, value.dtype, shape, data);
  }
  if (value.dtype === 'complex64') {
    const data = (await value.data()) as Float32Array;
    const parts = addTensor(payload, 'float32', [...shape, 2], data);
    return { dtype: 'complex64', shape, parts };
  }
  if (value.dtype === 'string') {
    const values = (await value.bytes()) as Uint8Array[];
    return { dtype: 'string', shape, values };
  }
  throw new UnsupportedDtypeError(where, value.dtype, 'is not a tfjs dtype Ferry knows');
}

/**
 * Rebuilds one array from its header entry, as a tensor or an NDArray (a view on the file bytes; a
 * quantized array comes back dequantized to float32, in a buffer of its own).
 */
export function decodeArrayEntry(entry: unknown, where: string, src: CheckedFile, as: LoadAs): StorableArray {
  if (isQuantizedEntry(entry)) {
    const quantized = decodeQuantizedEntry(entry, where, src);
    const values = quantized.dequantize();
    if (as === 'ndarray') return new NDArray('float32', [...quantized.shape], values);
    return tf.tensor(values, [...quantized.shape], 'float32');
  }
  if (entry instanceof TensorRef) {
    const data = tensorData(src, entry);
    if (as === 'ndarray') return new NDArray(entry.dtype, [...entry.shape], data);
    if (!isTfjsNumericDType(entry.dtype)) {
      throw new UnsupportedDtypeError(where, entry.dtype, "has no tfjs counterpart; load with {as: 'ndarray'}");
    }
    return tf.tensor(data as Float32Array, [...entry.shape], entry.dtype);
  }
  const rec = entry as { dtype?: unknown; shape?: unknown; parts?: unknown; values?: unknown } | null;
  const shape = checkedShape(rec?.shape, where, src.file);
  if (rec?.dtype === 'complex64' && rec.parts instanceof TensorRef) {
    if (as === 'ndarray')
      throw new UnsupportedDtypeError(where, 'complex64', "has no NDArray counterpart; load with {as: 'tensor'}");
    const p = rec.parts;
    const interleaved = tensorData(src, p);
    const n = shapeSize(shape);
    if (p.dtype !== 'float32' || interleaved.length !== 2 * n)
      throw corrupt(where, src.file, 'complex64 parts do not match its shape');
    const re = new Float32Array(n);
    const im = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      re[i] = interleaved[2 * i] as number;
      im[i] = interleaved[2 * i + 1] as number;
    }
    return tf.tidy(() => tf.complex(tf.tensor(re, shape), tf.tensor(im, shape)));
  }
  if (rec?.dtype === 'string' && Array.isArray(rec.values)) {
    if (as === 'ndarray')
      throw new UnsupportedDtypeError(where, 'string', "has no NDArray counterpart; load with {as: 'tensor'}");
    const values = rec.values;
    if (values.length !== shapeSize(shape) || !values.every((v) => v instanceof Uint8Array)) {
      throw corrupt(where, src.file, 'string values do not match its shape');
    }
    return tf.tensor(values as Uint8Array[], shape, 'string');
  }
  throw corrupt(where, src.file, 'entry is neither a tensor descriptor nor a complex64/string record');
}

function checkedShape(shape: unknown, where: string, file: string): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw corrupt(where, file, 'entry has no valid shape');
  }
  return shape as number[];
}

function corrupt(where: string, file: string, detail: string): CorruptDumpError {
  return new CorruptDumpError(file, PREAMBLE_BYTES, `${where}: ${detail}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
