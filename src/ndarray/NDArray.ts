import { InvalidInputError } from '../errors/index.ts';
import { allocateTyped, type DType, type DTypeArrayMap, dtypeOfTypedArray } from './dtypes.ts';

/** A nested JavaScript array of numbers (any depth), as users write data by hand. */
export type NestedNumbers = number | readonly NestedNumbers[];

/**
 * A dense, row-major n-dimensional array: `{dtype, shape, data}`.
 * Data flows between steps as NDArrays; built-in steps also accept nested number arrays.
 */
export class NDArray<D extends DType = DType> {
  constructor(
    readonly dtype: D,
    readonly shape: readonly number[],
    readonly data: DTypeArrayMap[D],
  ) {
    const expected = shapeSize(shape);
    if (expected !== data.length) {
      throw new InvalidInputError(
        'NDArray',
        `shape [${shape.join(', ')}] needs ${expected} elements, data has ${data.length}`,
      );
    }
  }

  /** Number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** A zero-filled array. */
  static zeros<D extends DType>(dtype: D, shape: readonly number[]): NDArray<D> {
    return new NDArray(dtype, [...shape], allocateTyped(dtype, shapeSize(shape)));
  }

  /** Wraps a typed array (1-d unless a shape is given). */
  static fromTyped<D extends DType>(data: DTypeArrayMap[D], shape?: readonly number[], dtype?: D): NDArray<D> {
    const dt = (dtype ?? dtypeOfTypedArray(data)) as D;
    return new NDArray(dt, shape ? [...shape] : [data.length], data);
  }

  /** Builds a float64 array from nested JS arrays; ragged input is an {@link InvalidInputError}. */
  static fromNested(values: NestedNumbers, dtype: DType = 'float64'): NDArray {
    const shape: number[] = [];
    let probe: NestedNumbers = values;
    while (Array.isArray(probe)) {
      shape.push(probe.length);
      if (probe.length === 0) break;
      probe = (probe as readonly NestedNumbers[])[0];
    }
    const out = allocateTyped(dtype, shapeSize(shape));
    let k = 0;
    const walk = (v: NestedNumbers, depth: number, path: string): void => {
      if (depth === shape.length) {
        if (typeof v !== 'number')
          throw new InvalidInputError('NDArray.fromNested', `ragged or non-numeric value at ${path}`);
        if (out instanceof BigInt64Array || out instanceof BigUint64Array) out[k++] = BigInt(v);
        else out[k++] = v;
        return;
      }
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        throw new InvalidInputError('NDArray.fromNested', `ragged array at ${path}: expected length ${shape[depth]}`);
      }
      for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
    };
    walk(values, 0, 'input');
    return new NDArray(dtype, shape, out);
  }

  /** Converts to nested JS arrays of numbers (bigints become numbers). */
  toNested(): NestedNumbers {
    if (this.shape.length === 0) return Number(this.data[0]);
    return nestedRows(this.data, this.shape, 0, 0);
  }

  /** Same data, new shape (no copy). */
  reshape(shape: readonly number[]): NDArray<D> {
    return new NDArray(this.dtype, [...shape], this.data);
  }

  /** Row `i` of the first axis, as a view. */
  row(i: number): NDArray<D> {
    const stride = shapeSize(this.shape.slice(1));
    return new NDArray(
      this.dtype,
      this.shape.slice(1),
      this.data.subarray(i * stride, (i + 1) * stride) as DTypeArrayMap[D],
    );
  }
}

/** Product of the dimensions (1 for a scalar shape `[]`). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new InvalidInputError('NDArray', `invalid dimension ${d} in shape [${shape.join(', ')}]`);
    n *= d;
  }
  return n;
}

/** True for an NDArray from this or another copy of Ferry. */
export function isNDArray(value: unknown): value is NDArray {
  return (
    value instanceof NDArray ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as NDArray).dtype === 'string' &&
      Array.isArray((value as NDArray).shape) &&
      ArrayBuffer.isView((value as NDArray).data))
  );
}

/**
 * The values of `data` from `offset` on, nested by `shape[depth:]`. A module-level function, not a closure made
 * per call: answers build these per request, and bundlers that keep names wrap every named closure they create.
 */
function nestedRows(
  data: ArrayLike<number | bigint>,
  shape: readonly number[],
  depth: number,
  offset: number,
): NestedNumbers[] {
  const n = shape[depth];
  const out: NestedNumbers[] = [];
  if (depth === shape.length - 1) {
    for (let i = 0; i < n; i++) out.push(Number(data[offset + i]));
    return out;
  }
  let stride = 1;
  for (let d = depth + 1; d < shape.length; d++) stride *= shape[d];
  for (let i = 0; i < n; i++) out.push(nestedRows(data, shape, depth + 1, offset + i * stride));
  return out;
}
