/**
 * IEEE 754 binary16 ("float16") conversion of float32 weights, as tfjs-converter's
 * `--quantize_float16` stores them (numpy's `astype(np.float16)`) and as tfjs reads them back
 * (`getFloat16Decoder` in tfjs-core's `io/io_utils.ts`).
 */
import { Float16RangeError } from './quantizeErrors.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of float16's positive infinity. */
const F16_INFINITY = 0x7c00;

/**
 * The float16 bits nearest to the float32 whose bits are `bits` (round to nearest, ties to even;
 * subnormals kept; magnitudes below 2^-25 become a signed zero, magnitudes of 65520 or more
 * ±Infinity; NaN stays NaN with the top of its payload, as numpy converts).
 */
export function float32BitsToFloat16Bits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) {
    if (mantissa === 0) return sign | F16_INFINITY;
    return sign | F16_INFINITY | (mantissa >>> 13 || 1);
  }
  // float32 exponent 143 is 2^16: beyond float16's largest binade.
  if (exponent >= 143) return sign | F16_INFINITY;
  if (exponent >= 113) {
    // A normal float16: rebias the exponent (127 → 15), keep the top 10 mantissa bits, round the other 13.
    // A carry out of the mantissa moves to the next binade, and out of the last one to Infinity: both right.
    let half = ((exponent - 112) << 10) | (mantissa >>> 13);
    const rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
    return sign | half;
  }
  // Below 2^-25 nothing rounds up to the smallest subnormal (2^-24); 2^-25 itself is a tie, to even (0).
  if (exponent < 102) return sign;
  // A float16 subnormal counts units of 2^-24: the 24-bit significand shifted right, the rest rounded.
  // Rounding up from the largest subnormal gives 0x0400, the smallest normal: also right.
  const significand = mantissa | 0x800000;
  const shift = 126 - exponent;
  let half = significand >>> shift;
  const rest = significand & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
  return sign | half;
}

/** The float32 value of float16 bits `half`, exactly (every float16 is a float32), as tfjs decodes it. */
export function float16BitsToFloat32Bits(half: number): number {
  const sign = (half & 0x8000) << 16;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0x1f) return (sign | 0x7f800000 | (mantissa << 13)) >>> 0;
  if (exponent !== 0) return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
  if (mantissa === 0) return sign >>> 0;
  // A subnormal: mantissa × 2^-24, exact in float32 (a normal there).
  f32[0] = mantissa * 2 ** -24;
  return (sign | u32[0]) >>> 0;
}

/**
 * `values` as float16 bits. A finite value that float16 cannot hold (|x| ≥ 65520) is a
 * {@link Float16RangeError} naming `weight`; NaN and ±Infinity are kept as such.
 */
export function quantizeFloat16(values: Float32Array, weight: string, where: string): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i] as number;
    const half = float32BitsToFloat16Bits(b);
    if ((half & 0x7fff) === F16_INFINITY && (b & 0x7fffffff) !== 0x7f800000) {
      throw new Float16RangeError(where, weight, i, values[i] as number);
    }
    out[i] = half;
  }
  return out;
}

/** Float32 values of float16 bits, bit for bit what tfjs's `decodeWeights` gives for `{dtype: 'float16'}`. */
export function dequantizeFloat16(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < halves.length; i++) bits[i] = float16BitsToFloat32Bits(halves[i] as number);
  return out;
}
