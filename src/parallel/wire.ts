/**
 * Data crossing a thread boundary. Structured cloning keeps typed arrays and plain arrays but not classes, so an
 * NDArray travels as its dtype, shape and data and is rebuilt on the other side. Buffers the sender owns are
 * transferred (moved, not copied) when they can be.
 */
import type { DType } from '../ndarray/dtypes.ts';
import { isNDArray, NDArray } from '../ndarray/NDArray.ts';

/** A typed array of any element type. */
export type AnyTypedArray = NDArray['data'];

/** A value as it crosses a thread: an NDArray's parts, or anything structured cloning keeps as it is. */
export type WireValue =
  | { readonly kind: 'ndarray'; readonly dtype: DType; readonly shape: readonly number[]; readonly data: AnyTypedArray }
  | { readonly kind: 'plain'; readonly value: unknown };

/**
 * `value` for a message. With `owned`, the sender gives its buffers away: a typed array that spans its whole buffer
 * is transferred (its buffer is added to `transfer`); otherwise buffers are left to structured cloning (copied).
 */
export function toWire(value: unknown, transfer: ArrayBuffer[], owned: boolean): WireValue {
  if (isNDArray(value)) {
    if (owned) addTransfer(value.data, transfer);
    return { kind: 'ndarray', dtype: value.dtype, shape: [...value.shape], data: value.data };
  }
  if (owned && ArrayBuffer.isView(value)) addTransfer(value as AnyTypedArray, transfer);
  return { kind: 'plain', value };
}

/** The value a {@link WireValue} stands for. */
export function fromWire(wire: WireValue): unknown {
  if (wire.kind === 'ndarray') return new NDArray(wire.dtype, wire.shape, wire.data);
  return wire.value;
}

/** The buffer of `data` when it may be transferred: a plain ArrayBuffer that `data` spans entirely. */
function addTransfer(data: AnyTypedArray, transfer: ArrayBuffer[]): void {
  const buffer = data.buffer;
  if (!(buffer instanceof ArrayBuffer)) return; // SharedArrayBuffer (shared anyway)
  if (data.byteOffset !== 0 || data.byteLength !== buffer.byteLength) return;
  if (!transfer.includes(buffer)) transfer.push(buffer);
}
