import * as tf from '@tensorflow/tfjs-core';
import { InvalidInputError } from '../errors/index.ts';
import { UnsupportedDtypeError } from '../errors/modelErrors.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import type { DType } from '../ndarray/dtypes.ts';
import { isNDArray, NDArray } from '../ndarray/NDArray.ts';

/** A tfjs tensor (any dtype, any rank). */
export type Tensor = tf.Tensor;

/** The NDArray dtypes tfjs tensors also have. */
export type TfjsNumericDType = 'float32' | 'int32' | 'bool';

/** True for a tfjs tensor, from this copy of tfjs or another one. */
export function isTensor(value: unknown): value is Tensor {
  if (value instanceof tf.Tensor) return true;
  if (typeof value !== 'object' || value === null) return false;
  const t = value as { dataId?: unknown; dtype?: unknown; shape?: unknown; data?: unknown };
  return (
    typeof t.dataId === 'object' &&
    typeof t.dtype === 'string' &&
    Array.isArray(t.shape) &&
    typeof t.data === 'function'
  );
}

/** True when `dtype` is one of the numeric dtypes NDArray and tfjs share. */
export function isTfjsNumericDType(dtype: string): dtype is TfjsNumericDType {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

/** An NDArray as a tfjs tensor (float64 and other dtypes tfjs lacks are cast to float32). */
export function ndarrayToTensor(a: NDArray): Tensor {
  if (isTfjsNumericDType(a.dtype)) return tf.tensor(a.data as Float32Array, [...a.shape], a.dtype);
  // A typed-array copy converts like Number() then Math.fround (one native pass); 64-bit integers need Number().
  const data =
    a.data instanceof BigInt64Array || a.data instanceof BigUint64Array
      ? Float32Array.from(a.data, Number)
      : new Float32Array(a.data as Float64Array);
  return tf.tensor(data, [...a.shape], 'float32');
}

/** Step input (tensor, NDArray, typed array or nested numbers) as a tensor; the caller disposes it when `owned`. */
export function toInputTensor(value: unknown, where: string): { tensor: Tensor; owned: boolean } {
  if (isTensor(value)) return { tensor: value, owned: false };
  if (value === null || value === undefined) throw new InvalidInputError(where, `expected an array, got ${value}`);
  return { tensor: ndarrayToTensor(asNDArray(value as ArrayInput, where)), owned: true };
}

/** A tensor's values as an NDArray (a copy read asynchronously from the backend). */
export async function tensorToNDArray(t: Tensor, where: string): Promise<NDArray> {
  if (!isTfjsNumericDType(t.dtype)) {
    throw new UnsupportedDtypeError(where, t.dtype, 'has no NDArray counterpart; keep it as a tensor');
  }
  const data = (await t.data()) as Float32Array | Int32Array | Uint8Array;
  return new NDArray(t.dtype as DType, [...t.shape], data as Float32Array);
}

export { isNDArray };
