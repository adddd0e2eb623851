/**
 * tfjs-converter's per-tensor affine uint8 quantization (`quantize_weights` in
 * tfjs-converter/python/tensorflowjs/quantization.py) and tfjs's dequantization of it
 * (`decodeWeight` in tfjs-core's `io/io_utils.ts`: `q * scale + min` into a Float32Array).
 */
import { NonFiniteWeightError } from './quantizeErrors.ts';

/** The largest uint8 level. */
const LEVELS = 255;

/** A weight quantized to uint8 levels: `value ≈ level * scale + min`. */
export interface Uint8Quantized {
  readonly levels: Uint8Array;
  readonly min: number;
  readonly scale: number;
}

/**
 * Quantizes `values` the way tfjs-converter's `--quantize_uint8` does: the tensor's own range
 * `[min, max]` over 255 steps (`scale = (max - min) / 255`); when the range covers 0 it is shifted
 * ("nudged", as TF-Lite does) so that 0 is exactly a level; each value is clipped to the range and
 * rounded to the nearest level, ties to even (`np.round`). A constant tensor is all level 0 with
 * `min` its value and `scale` 1. Arithmetic is float64 on the float32 values, which is how
 * quantization.py evaluates under NumPy 2 (under NumPy 1 its `(w - min) / scale` runs in float32 and
 * may pick the neighbouring level for a value within float32 rounding of a half step).
 *
 * Error bound, per value, after tfjs's dequantization `fround(level * scale + min)`:
 * `|ŵ - w| ≤ scale / 2` plus the float32 rounding of `ŵ` (at most `2^-24·|ŵ|`) plus float64 rounding
 * (about `2^-52·(|min| + 255·scale)`). NaN or ±Infinity is a {@link NonFiniteWeightError} naming `weight`.
 */
export function quantizeUint8(values: Float32Array, weight: string, where: string): Uint8Quantized {
  const n = values.length;
  const levels = new Uint8Array(n);
  if (n === 0) return { levels, min: 0, scale: 1 };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new NonFiniteWeightError(where, weight, i, v);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return { levels, min: lo, scale: 1 };
  const scale = (hi - lo) / LEVELS;
  let min = lo;
  let max = hi;
  if (lo <= 0 && 0 <= hi) {
    const zeroPoint = roundHalfEven((0 - lo) / scale);
    min = -zeroPoint * scale;
    max = LEVELS * scale + min;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const clipped = Math.min(Math.max(v, min), max);
    // Clamped: a Uint8Array would wrap 256 to 0 (the quotient is at most 255 plus rounding).
    levels[i] = Math.min(Math.max(roundHalfEven((clipped - min) / scale), 0), LEVELS);
  }
  return { levels, min, scale };
}

/** Float32 values of uint8 levels, bit for bit what tfjs's `decodeWeights` gives for `{dtype: 'uint8', min, scale}`. */
export function dequantizeUint8(levels: Uint8Array, min: number, scale: number): Float32Array {
  const out = new Float32Array(levels.length);
  for (let i = 0; i < levels.length; i++) out[i] = (levels[i] as number) * scale + min;
  return out;
}

/** `x` rounded to the nearest integer, ties to the even one (numpy's `np.round`). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
