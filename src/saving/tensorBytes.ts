import { CorruptDumpError } from '../errors/index.ts';
import { bytesPerElement, type DType, type TypedArray, viewTyped } from '../ndarray/dtypes.ts';
import { shapeSize } from '../ndarray/NDArray.ts';

/** True on little-endian hosts (all mainstream ones); the dump format is little-endian. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The little-endian bytes of a typed array: a view on little-endian hosts, a swapped copy otherwise. */
export function littleEndianBytes(array: TypedArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  return HOST_IS_LITTLE_ENDIAN ? bytes : swapped(bytes, array.BYTES_PER_ELEMENT);
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.byteLength);
  for (let i = 0; i < bytes.byteLength; i += width) {
    for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j];
  }
  return out;
}

/**
 * The typed array stored at `[offset, offset + byteLength)` of `payload`. A zero-copy view when the
 * bytes are aligned for the element type (the format aligns payloads to 8 bytes, so a file read into
 * a fresh buffer always is); a copy otherwise. Sizes are checked against the shape before anything
 * is allocated.
 */
export function readTensorBytes(
  payload: Uint8Array,
  payloadStart: number,
  dtype: DType,
  shape: readonly number[],
  offset: number,
  byteLength: number,
  file: string,
): TypedArray {
  const width = bytesPerElement(dtype);
  let count: number;
  try {
    count = shapeSize(shape);
  } catch {
    throw new CorruptDumpError(file, payloadStart + offset, `invalid tensor shape [${shape.join(', ')}]`);
  }
  if (count * width !== byteLength) {
    throw new CorruptDumpError(
      file,
      payloadStart + offset,
      `tensor of dtype ${dtype} and shape [${shape.join(', ')}] needs ${count * width} bytes, descriptor says ${byteLength}`,
    );
  }
  if (offset % 8 !== 0) throw new CorruptDumpError(file, payloadStart + offset, 'tensor payload is not 8-byte aligned');
  if (offset + byteLength > payload.byteLength) {
    throw new CorruptDumpError(
      file,
      payloadStart + offset,
      `tensor payload of ${byteLength} bytes runs past the end of the file`,
    );
  }
  if (dtype === 'bool') {
    for (let i = offset; i < offset + byteLength; i++) {
      if (payload[i] > 1)
        throw new CorruptDumpError(
          file,
          payloadStart + i,
          `bool tensor element holds byte ${payload[i]} (only 0 and 1 are booleans)`,
        );
    }
  }
  const absolute = payload.byteOffset + offset;
  if (HOST_IS_LITTLE_ENDIAN && absolute % width === 0) {
    return viewTyped(dtype, payload.buffer, absolute, count);
  }
  const copy = HOST_IS_LITTLE_ENDIAN
    ? payload.slice(offset, offset + byteLength)
    : swapped(payload.subarray(offset, offset + byteLength), width);
  return viewTyped(dtype, copy.buffer, 0, count);
}
