/** Element types an {@link NDArray} can hold, named as numpy/tfjs name them. */
export type DType =
  | 'float32'
  | 'float64'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool';

/** The typed array behind each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  bool: Uint8Array;
}

/** Any typed array Ferry can store. */
export type TypedArray = DTypeArrayMap[DType];

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Record<DType, TypedArrayConstructor> = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
} as Record<DType, TypedArrayConstructor>;

/** Every dtype, in the order of their numeric codes in the dump format. */
export const DTYPES: readonly DType[] = Object.keys(CONSTRUCTORS) as DType[];

/** True when `value` names a dtype Ferry knows. */
export function isDType(value: unknown): value is DType {
  return typeof value === 'string' && Object.hasOwn(CONSTRUCTORS, value);
}

/** Bytes per element of a dtype. */
export function bytesPerElement(dtype: DType): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** A zero-filled typed array of `length` elements of `dtype`. */
export function allocateTyped<D extends DType>(dtype: D, length: number): DTypeArrayMap[D] {
  return new CONSTRUCTORS[dtype](length) as DTypeArrayMap[D];
}

/** A typed-array view over `buffer` (no copy); the offset must be aligned to the element size. */
export function viewTyped<D extends DType>(
  dtype: D,
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
): DTypeArrayMap[D] {
  return new CONSTRUCTORS[dtype](buffer, byteOffset, length) as DTypeArrayMap[D];
}

/** The dtype naturally described by a typed array (Uint8Array → uint8; use NDArray for bool). */
export function dtypeOfTypedArray(array: ArrayBufferView): DType | undefined {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int8Array) return 'int8';
  if (array instanceof Int16Array) return 'int16';
  if (array instanceof Int32Array) return 'int32';
  if (array instanceof Uint8Array) return 'uint8';
  if (array instanceof Uint16Array) return 'uint16';
  if (array instanceof Uint32Array) return 'uint32';
  if (array instanceof BigInt64Array) return 'int64';
  if (array instanceof BigUint64Array) return 'uint64';
  return undefined;
}
