/**
 * tfjs's layout of weight data: weights packed back to back in weights-manifest order, each taking the bytes its
 * spec implies (tfjs's `getWeightBytelength`). Shared by model files, quantized saves and the checks of decoded
 * weight specs.
 */
import type * as tf from '@tensorflow/tfjs-core';

type WeightSpec = tf.io.WeightsManifestEntry;

/** Bytes per element of the weight dtypes and of the quantized dtypes, as tfjs counts them. */
const ELEMENT_BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** The weight dtypes tfjs's `decodeWeights` reads. */
const WEIGHT_DTYPES = new Set(['float32', 'int32', 'bool', 'string', 'complex64']);

/** The stored dtypes of tfjs's quantization entries. */
const QUANTIZED_DTYPES = new Set(['uint8', 'uint16', 'float16']);

/**
 * Bytes of one weight in `data` starting at `offset`; undefined when the spec's dtype is unknown. String weights are
 * self-delimiting (each element a uint32 little-endian byte count, then its bytes): their length is read from `data`,
 * and one that runs past the end is reported as `data.byteLength - offset + 1` so that it never fits.
 */
export function weightByteLength(spec: WeightSpec, data: Uint8Array, offset: number): number | undefined {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (spec.dtype === 'string' && spec.quantization === undefined) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let end = offset;
    for (let i = 0; i < size; i++) {
      if (end + 4 > data.byteLength) return data.byteLength - offset + 1;
      end += 4 + view.getUint32(end, true);
    }
    return end > data.byteLength ? data.byteLength - offset + 1 : end - offset;
  }
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const width = Object.hasOwn(ELEMENT_BYTES, dtype) ? ELEMENT_BYTES[dtype] : undefined;
  return width === undefined ? undefined : size * width;
}

/** tfjs's weight data as one byte view (joined only when it comes in several buffers). */
export function weightDataBytes(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const parts = data.map((b) => new Uint8Array(b));
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  return joined;
}

/**
 * What is wrong with a weights-manifest entry read from a file, or undefined when tfjs can read it: a string name,
 * a shape of non-negative safe integers, a known dtype, an optional string group, and an optional quantization of a
 * known stored dtype (uint8 and uint16 with finite `min` and `scale`) applied to a float32 or int32 weight.
 */
export function weightSpecProblem(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return 'the spec is not a map';
  const s = spec as Record<string, unknown>;
  if (typeof s.name !== 'string') return '`name` is not a string';
  if (!Array.isArray(s.shape) || !s.shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0))
    return '`shape` is not a list of non-negative integers';
  if (!Number.isSafeInteger(s.shape.reduce((a: number, b: number) => a * b, 1)))
    return '`shape` has more elements than a safe integer';
  if (typeof s.dtype !== 'string' || !WEIGHT_DTYPES.has(s.dtype)) return `unknown dtype ${JSON.stringify(s.dtype)}`;
  if (s.group !== undefined && typeof s.group !== 'string') return '`group` is not a string';
  const q = s.quantization;
  if (q === undefined) return undefined;
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return '`quantization` is not a map';
  const { dtype, min, scale } = q as Record<string, unknown>;
  if (typeof dtype !== 'string' || !QUANTIZED_DTYPES.has(dtype))
    return `unknown quantization dtype ${JSON.stringify(dtype)}`;
  if (s.dtype !== 'float32' && s.dtype !== 'int32') return `a ${s.dtype} weight cannot be quantized`;
  if (dtype !== 'float16' && !(Number.isFinite(min) && Number.isFinite(scale)))
    return `${dtype} quantization needs finite \`min\` and \`scale\``;
  return undefined;
}
