/**
 * Quantized saves of float32 weights, per tensor, in tfjs-converter's two schemes: `'float16'`
 * (each value rounded to IEEE float16, half the bytes) and `'uint8'` (an affine map of the tensor's
 * range onto 256 levels, a quarter of the bytes). Loads dequantize exactly as tfjs does, so a model
 * file saved quantized also loads in tfjs's own loaders.
 */
import { InvalidInputError } from '../errors/index.ts';
import { dequantizeFloat16, quantizeFloat16 } from './quantizeFloat16.ts';
import { dequantizeUint8, quantizeUint8 } from './quantizeUint8.ts';

/** How float32 weights are stored: `'float16'` (2 bytes a value) or `'uint8'` (1 byte, per-tensor min and scale). */
export type QuantizeMode = 'float16' | 'uint8';

/** The quantization modes, in the order the errors list them. */
export const QUANTIZE_MODES: readonly QuantizeMode[] = ['float16', 'uint8'];

/**
 * How a quantized array's stored values map back to float32, as tfjs's weights-manifest entry
 * `quantization` says it: uint8 levels `q` mean `q * scale + min`; float16 values mean themselves.
 */
export type Quantization =
  | { readonly dtype: 'uint8'; readonly min: number; readonly scale: number }
  | { readonly dtype: 'float16' };

/**
 * A float32 array stored quantized: its shape, its {@link Quantization}, and the stored values
 * (uint8 levels, or float16 bit patterns as a Uint16Array), row-major. The constructor checks that
 * they agree (an `InvalidInputError` otherwise); {@link quantizeArray} makes one from float32 values.
 */
export class QuantizedArray {
  /** The dtype the array has once dequantized. */
  readonly dtype = 'float32' as const;
  constructor(
    readonly shape: readonly number[],
    readonly quantization: Quantization,
    readonly data: Uint8Array | Uint16Array,
  ) {
    const fail = (detail: string) => new InvalidInputError('QuantizedArray', detail);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw fail(`invalid shape [${shape.join(', ')}]`);
    const q = quantization as { dtype?: unknown; min?: unknown; scale?: unknown };
    if (q.dtype === 'uint8') {
      if (!(data instanceof Uint8Array)) throw fail('uint8 quantization stores its levels in a Uint8Array');
      if (!Number.isFinite(q.min) || !Number.isFinite(q.scale))
        throw fail('uint8 quantization needs finite min and scale');
    } else if (q.dtype === 'float16') {
      if (!(data instanceof Uint16Array)) throw fail('float16 quantization stores its bit patterns in a Uint16Array');
    } else {
      throw fail(`unknown quantization dtype ${String(q.dtype)} (known: 'uint8', 'float16')`);
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) throw fail(`${data.length} stored values for shape [${shape.join(', ')}] (${size})`);
  }

  /** The float32 values, bit for bit what tfjs's `decodeWeights` gives for the same bytes and spec. */
  dequantize(): Float32Array {
    const q = this.quantization;
    if (q.dtype === 'float16') return dequantizeFloat16(this.data as Uint16Array);
    return dequantizeUint8(this.data as Uint8Array, q.min, q.scale);
  }
}

/**
 * Quantizes one float32 array of `shape` (`weight` names it in errors). `'float16'` refuses a finite
 * value that would round past ±65504 to ±Infinity, i.e. of magnitude 65520 or more (`Float16RangeError`),
 * and keeps NaN and ±Infinity; `'uint8'` refuses NaN and ±Infinity (`NonFiniteWeightError`). Error per value: float16 at most `2^-11·|w|` (normal range)
 * or `2^-25` (subnormal range); uint8 at most `scale / 2` plus float32 rounding (see `quantizeUint8`).
 */
export function quantizeArray(
  values: Float32Array,
  shape: readonly number[],
  mode: QuantizeMode,
  weight: string,
  where = 'quantize',
): QuantizedArray {
  const checked = requireQuantizeMode(mode, where);
  if (!(values instanceof Float32Array)) {
    throw new InvalidInputError(
      where,
      `weight "${weight}": quantization takes a Float32Array, got ${describe(values)}`,
    );
  }
  if (checked === 'float16') {
    return new QuantizedArray([...shape], { dtype: 'float16' }, quantizeFloat16(values, weight, where));
  }
  const { levels, min, scale } = quantizeUint8(values, weight, where);
  return new QuantizedArray([...shape], { dtype: 'uint8', min, scale }, levels);
}

/** `mode` when it is a {@link QuantizeMode} or undefined; else an `InvalidInputError` at `where`. */
export function checkQuantizeMode(mode: unknown, where: string): QuantizeMode | undefined {
  if (mode === undefined) return undefined;
  if (QUANTIZE_MODES.includes(mode as QuantizeMode)) return mode as QuantizeMode;
  throw new InvalidInputError(
    where,
    `quantize must be ${QUANTIZE_MODES.map((m) => `'${m}'`).join(' or ')} (or left out), got ${describe(mode)}`,
  );
}

/** `mode` when it is a {@link QuantizeMode}; else (undefined too) an `InvalidInputError` at `where`. */
export function requireQuantizeMode(mode: unknown, where: string): QuantizeMode {
  const checked = checkQuantizeMode(mode, where);
  if (checked === undefined) throw new InvalidInputError(where, "a quantize mode is required: 'float16' or 'uint8'");
  return checked;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : typeof v === 'object' ? String(v?.constructor?.name) : String(v);
}
