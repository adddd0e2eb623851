import { InvalidInputError } from '../errors/index.ts';
import type { DType } from './dtypes.ts';
import { isNDArray, NDArray, type NestedNumbers } from './NDArray.ts';

/** What built-in steps accept as data: an NDArray, a typed array or nested number arrays. */
export type ArrayInput = NDArray | NestedNumbers | Float64Array | Float32Array | Int32Array | Uint8Array;

/** Converts step input to an NDArray (no copy when it already is one). */
export function asNDArray(value: ArrayInput, where = 'input'): NDArray {
  if (isNDArray(value)) return value as NDArray;
  if (ArrayBuffer.isView(value)) return NDArray.fromTyped(value as Float64Array);
  if (Array.isArray(value) || typeof value === 'number') return NDArray.fromNested(value as NestedNumbers);
  throw new InvalidInputError(where, `expected an NDArray or nested number array, got ${describe(value)}`);
}

/** The input as a float64 row-major matrix (n × d); 1-d input is one column. Copies only when needed. */
export function asMatrixF64(value: ArrayInput, where: string): { data: Float64Array; rows: number; cols: number } {
  const a = asNDArray(value, where);
  if (a.ndim !== 2 && a.ndim !== 1) {
    throw new InvalidInputError(where, `expected a 2-d array (samples × features), got shape [${a.shape.join(', ')}]`);
  }
  const rows = a.shape[0];
  const cols = a.ndim === 2 ? a.shape[1] : 1;
  const data = a.data instanceof Float64Array ? a.data : Float64Array.from(a.data as ArrayLike<number>, Number);
  return { data, rows, cols };
}

/** Converts to a specific dtype (copies when the dtype differs). */
export function castNDArray(a: NDArray, dtype: DType): NDArray {
  if (a.dtype === dtype) return a;
  const out = NDArray.zeros(dtype, a.shape);
  const src = a.data;
  if (out.data instanceof BigInt64Array || out.data instanceof BigUint64Array) {
    for (let i = 0; i < src.length; i++) out.data[i] = BigInt(Math.trunc(Number(src[i])));
  } else {
    for (let i = 0; i < src.length; i++) out.data[i] = Number(src[i]);
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
