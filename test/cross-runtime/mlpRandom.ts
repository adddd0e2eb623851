/**
 * Seeded random numbers that come out bit-identical in every JavaScript engine: only integer ops,
 * IEEE +, −, ×, ÷, `Math.sqrt` and the constants `Math.LN2`, `Math.SQRT2` (all exactly specified),
 * never `Math.log`/`Math.cos`, whose last bit may differ between V8 and JavaScriptCore. The
 * cross-runtime MLP draws its weights and inputs from here, so that Node, Deno, Bun and Chromium
 * build the very same network.
 */

/** A uniform generator on [0, 1) (mulberry32: 32-bit state, values k/2³²). */
export type Uniform = () => number;

/** mulberry32 seeded with `seed` (any 32-bit integer). */
export function mulberry32(seed: number): Uniform {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Natural logarithm of `x > 0` with arithmetic only: x = m·2ᵉ with m in [√½, √2) (exact scaling),
 * then ln m = 2·atanh(t), t = (m−1)/(m+1), |t| < 0.172, by its series to 30 terms (far below one ulp).
 */
export function portableLn(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`portableLn needs a finite x > 0, got ${x}`);
  let m = x;
  let e = 0;
  while (m >= Math.SQRT2) {
    m /= 2;
    e++;
  }
  while (m < Math.SQRT2 / 2) {
    m *= 2;
    e--;
  }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let sum = 0;
  for (let k = 29; k >= 0; k--) sum = sum * t2 + 1 / (2 * k + 1);
  return e * Math.LN2 + 2 * t * sum;
}

/** A standard-normal generator over `uniform` (Marsaglia's polar method with {@link portableLn}). */
export function normal(uniform: Uniform): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const z = spare;
      spare = undefined;
      return z;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const s = u * u + v * v;
      if (s >= 1 || s === 0) continue;
      const f = Math.sqrt((-2 * portableLn(s)) / s);
      spare = v * f;
      return u * f;
    }
  };
}

/** `n` float32 values drawn from Normal(0, σ) with `seed`. */
export function normalF32(n: number, seed: number, sigma = 1): Float32Array {
  const next = normal(mulberry32(seed));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = sigma * next();
  return out;
}

/** `n` float32 values drawn uniformly from [lo, hi) with `seed`. */
export function uniformF32(n: number, seed: number, lo: number, hi: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * next();
  return out;
}
