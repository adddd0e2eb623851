/**
 * The arrays-file entry of a quantized float32 array (docs/FORMAT.md, section 7, "Quantized arrays"):
 * a map `{dtype: 'float32', shape, quantization, data}` where `quantization` is tfjs's manifest
 * `quantization` (`{dtype: 'uint8', min, scale}` or `{dtype: 'float16'}`) and `data` a tensor
 * descriptor of the stored values, of the same shape: uint8 levels, or float16 bit patterns as uint16.
 */
import { CorruptDumpError } from '../errors/index.ts';
import { PREAMBLE_BYTES } from '../saving/format/constants.ts';
import { isPlainRecord } from '../saving/format/plainRecord.ts';
import { addTensor, type CheckedFile, type PayloadWriter, TensorRef, tensorData } from './ferryFormat.ts';
import { type Quantization, QuantizedArray } from './quantize.ts';

/** The header entry of a quantized array, its stored values appended to `payload`. */
export function encodeQuantizedEntry(value: QuantizedArray, payload: PayloadWriter): Record<string, unknown> {
  const q = value.quantization;
  const stored = q.dtype === 'uint8' ? 'uint8' : 'uint16';
  const quantization = q.dtype === 'uint8' ? { dtype: q.dtype, min: q.min, scale: q.scale } : { dtype: q.dtype };
  return {
    dtype: 'float32',
    shape: [...value.shape],
    quantization,
    data: addTensor(payload, stored, value.shape, value.data),
  };
}

/** True when a header entry is a quantized array's map (it has a `quantization` key). */
export function isQuantizedEntry(entry: unknown): entry is Record<string, unknown> {
  return isPlainRecord(entry) && Object.hasOwn(entry, 'quantization');
}

/**
 * The quantized array an entry describes (stored values viewing the file), checked: dtype float32,
 * a known quantization with finite `min` and `scale` for uint8, and stored values of the entry's shape
 * in the dtype the quantization stores. Anything else is a `CorruptDumpError` naming the entry.
 */
export function decodeQuantizedEntry(entry: Record<string, unknown>, where: string, src: CheckedFile): QuantizedArray {
  const fail = (detail: string) => new CorruptDumpError(src.file, PREAMBLE_BYTES, `${where}: ${detail}`);
  if (entry.dtype !== 'float32') throw fail(`a quantized array must be float32, found ${JSON.stringify(entry.dtype)}`);
  const shape = entry.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw fail('quantized array has no valid shape');
  }
  const quantization = checkedQuantization(entry.quantization, fail);
  const data = entry.data;
  const stored = quantization.dtype === 'uint8' ? 'uint8' : 'uint16';
  if (!(data instanceof TensorRef) || data.dtype !== stored) {
    throw fail(`${quantization.dtype} quantization stores its values as a ${stored} tensor`);
  }
  if (data.shape.length !== shape.length || data.shape.some((d, i) => d !== shape[i])) {
    throw fail(`stored values of shape [${data.shape.join(', ')}] for an array of shape [${shape.join(', ')}]`);
  }
  const values = tensorData(src, data) as Uint8Array | Uint16Array;
  return new QuantizedArray(shape as number[], quantization, values);
}

function checkedQuantization(value: unknown, fail: (detail: string) => CorruptDumpError): Quantization {
  if (!isPlainRecord(value)) throw fail('quantization is not a map');
  if (value.dtype === 'float16') return { dtype: 'float16' };
  if (value.dtype === 'uint8') {
    const { min, scale } = value;
    if (typeof min !== 'number' || !Number.isFinite(min) || typeof scale !== 'number' || !Number.isFinite(scale)) {
      throw fail('uint8 quantization needs finite numbers min and scale');
    }
    return { dtype: 'uint8', min, scale };
  }
  throw fail(`unknown quantization dtype ${JSON.stringify(value.dtype)} (known: 'uint8', 'float16')`);
}
