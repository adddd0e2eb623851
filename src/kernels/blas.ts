import type { Kernels } from './loadKernels.ts';

// Copy-in / call / copy-out wrappers over the linalg and random kernels. Each frees its scratch on return.

function scoped<T>(k: Kernels, body: () => T): T {
  const mark = k.arena.mark();
  try {
    return body();
  } finally {
    k.arena.release(mark);
  }
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: length mismatch (${a.length} vs ${b.length})`);
}

/** Σ a[i]·b[i] (f64). */
export function dotF64(k: Kernels, a: Float64Array, b: Float64Array): number {
  checkSameLength(a, b, 'dotF64');
  return scoped(k, () => k.exports.dotF64(k.arena.putF64(a), k.arena.putF64(b), a.length));
}

/** Σ a[i]·b[i] accumulated in f32. */
export function dotF32(k: Kernels, a: Float32Array, b: Float32Array): number {
  checkSameLength(a, b, 'dotF32');
  return scoped(k, () => k.exports.dotF32(k.arena.putF32(a), k.arena.putF32(b), a.length));
}

/** Returns y + alpha·x (f64); inputs are not modified. */
export function axpyF64(k: Kernels, alpha: number, x: Float64Array, y: Float64Array): Float64Array {
  checkSameLength(x, y, 'axpyF64');
  return scoped(k, () => {
    const px = k.arena.putF64(x);
    const py = k.arena.putF64(y);
    k.exports.axpyF64(alpha, px, py, x.length);
    return k.arena.getF64(py, y.length);
  });
}

/** Returns y + alpha·x (f32); inputs are not modified. */
export function axpyF32(k: Kernels, alpha: number, x: Float32Array, y: Float32Array): Float32Array {
  checkSameLength(x, y, 'axpyF32');
  return scoped(k, () => {
    const px = k.arena.putF32(x);
    const py = k.arena.putF32(y);
    k.exports.axpyF32(alpha, px, py, x.length);
    return k.arena.getF32(py, y.length);
  });
}

/** Returns alpha·x (f64). */
export function scalF64(k: Kernels, alpha: number, x: Float64Array): Float64Array {
  return scoped(k, () => {
    const px = k.arena.putF64(x);
    k.exports.scalF64(alpha, px, x.length);
    return k.arena.getF64(px, x.length);
  });
}

/** Returns alpha·x (f32). */
export function scalF32(k: Kernels, alpha: number, x: Float32Array): Float32Array {
  return scoped(k, () => {
    const px = k.arena.putF32(x);
    k.exports.scalF32(alpha, px, x.length);
    return k.arena.getF32(px, x.length);
  });
}

/** Options of {@link gemvF64} / {@link gemvF32}: y = alpha·op(A)·x + beta·y. */
export interface GemvOptions {
  trans?: boolean;
  alpha?: number;
  beta?: number;
}

/**
 * Returns alpha·op(A)·x + beta·y for the row-major m×n matrix A (f64); op(A) = Aᵀ when `trans`.
 * @param y - initial y (length m, or n when trans); zeros when omitted.
 */
export function gemvF64(
  k: Kernels,
  a: Float64Array,
  m: number,
  n: number,
  x: Float64Array,
  y?: Float64Array,
  opts: GemvOptions = {},
): Float64Array {
  const ylen = opts.trans ? n : m;
  const xlen = opts.trans ? m : n;
  if (a.length !== m * n || x.length !== xlen || (y !== undefined && y.length !== ylen)) {
    throw new RangeError('gemvF64: shape mismatch');
  }
  return scoped(k, () => {
    const pa = k.arena.putF64(a);
    const px = k.arena.putF64(x);
    const py = k.arena.putF64(y ?? new Float64Array(ylen));
    k.exports.gemvF64(opts.trans ? 1 : 0, m, n, opts.alpha ?? 1, pa, px, y ? (opts.beta ?? 1) : 0, py);
    return k.arena.getF64(py, ylen);
  });
}

/** f32 version of {@link gemvF64}. */
export function gemvF32(
  k: Kernels,
  a: Float32Array,
  m: number,
  n: number,
  x: Float32Array,
  y?: Float32Array,
  opts: GemvOptions = {},
): Float32Array {
  const ylen = opts.trans ? n : m;
  const xlen = opts.trans ? m : n;
  if (a.length !== m * n || x.length !== xlen || (y !== undefined && y.length !== ylen)) {
    throw new RangeError('gemvF32: shape mismatch');
  }
  return scoped(k, () => {
    const pa = k.arena.putF32(a);
    const px = k.arena.putF32(x);
    const py = k.arena.putF32(y ?? new Float32Array(ylen));
    k.exports.gemvF32(opts.trans ? 1 : 0, m, n, opts.alpha ?? 1, pa, px, y ? (opts.beta ?? 1) : 0, py);
    return k.arena.getF32(py, ylen);
  });
}

/** Seeded (xoshiro128**) Fisher–Yates permutation of 0..n-1; the same seed gives the same permutation. */
export function permutation(k: Kernels, n: number, seed: number): Uint32Array {
  return scoped(k, () => {
    const p = k.arena.alloc(n * 4);
    k.exports.permutation(p, n, seed >>> 0);
    return k.arena.u32(p, n).slice();
  });
}
