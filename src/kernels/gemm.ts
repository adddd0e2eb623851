import { InvalidInputError } from '../errors/index.ts';
import type { FerryExports } from './exports.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** Options of {@link gemmF32} / {@link gemmF64}: C = alpha·op(A)·op(B) + beta·C. */
export interface GemmOptions {
  /** Use Aᵀ (A is then stored k×m). */
  readonly transA?: boolean;
  /** Use Bᵀ (B is then stored n×k). */
  readonly transB?: boolean;
  readonly alpha?: number;
  /** Multiplies the initial C (only read when `c` is given; default 1 then). */
  readonly beta?: number;
}

function checkShapes(
  name: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  n: number,
  k: number,
  c?: ArrayLike<number>,
): void {
  for (const [what, v] of [
    ['m', m],
    ['n', n],
    ['k', k],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new InvalidInputError(name, `${what} must be a non-negative integer, got ${v}`);
  }
  if (a.length !== m * k) throw new InvalidInputError(name, `A has ${a.length} values, expected ${m}×${k}`);
  if (b.length !== k * n) throw new InvalidInputError(name, `B has ${b.length} values, expected ${k}×${n}`);
  if (c !== undefined && c.length !== m * n)
    throw new InvalidInputError(name, `C has ${c.length} values, expected ${m}×${n}`);
}

/**
 * Returns alpha·op(A)·op(B) + beta·C (row-major m×n, f32) computed by the cache-blocked WASM SIMD kernel.
 * op(A) is m×k (A stored m×k, or k×m with `transA`); op(B) is k×n (B stored k×n, or n×k with `transB`).
 * @throws InvalidInputError when the array lengths do not match the shape.
 */
export function gemmF32(
  kern: Kernels,
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  c?: Float32Array,
  opts: GemmOptions = {},
): Float32Array {
  checkShapes('gemmF32', a, b, m, n, k, c);
  return scoped(kern, () => {
    const ar = kern.arena;
    const pa = ar.putF32(a);
    const pb = ar.putF32(b);
    const pc = c ? ar.putF32(c) : ar.alloc(m * n * 4);
    const work = ar.alloc(kern.exports.gemmF32WorkBytes());
    gemmF32Ptr(kern, m, n, k, pa, pb, pc, work, opts, c !== undefined);
    return ar.getF32(pc, m * n);
  });
}

/** f64 version of {@link gemmF32}. */
export function gemmF64(
  kern: Kernels,
  a: Float64Array,
  b: Float64Array,
  m: number,
  n: number,
  k: number,
  c?: Float64Array,
  opts: GemmOptions = {},
): Float64Array {
  checkShapes('gemmF64', a, b, m, n, k, c);
  return scoped(kern, () => {
    const ar = kern.arena;
    const pa = ar.putF64(a);
    const pb = ar.putF64(b);
    const pc = c ? ar.putF64(c) : ar.alloc(m * n * 8);
    const work = ar.alloc(kern.exports.gemmF64WorkBytes());
    gemmF64Ptr(kern, m, n, k, pa, pb, pc, work, opts, c !== undefined);
    return ar.getF64(pc, m * n);
  });
}

/** The arguments of the gemm exports (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work). */
type GemmArgs = Parameters<FerryExports['gemmF32']>;

/** A gemm on operands already in WASM memory (pointers from the arena). */
type GemmPtr = (
  kern: Kernels,
  m: number,
  n: number,
  k: number,
  pa: number,
  pb: number,
  pc: number,
  work: number,
  opts?: GemmOptions,
  hasC?: boolean,
) => void;

/** The pointer gemm that calls the export `name`; both exports take the same arguments. */
function gemmPtr(name: 'gemmF32' | 'gemmF64'): GemmPtr {
  return (kern, m, n, k, pa, pb, pc, work, opts = {}, hasC = false) => {
    const lda = opts.transA ? m : k;
    const ldb = opts.transB ? k : n;
    const beta = hasC ? (opts.beta ?? 1) : 0;
    const args: GemmArgs = [
      opts.transA ? 1 : 0,
      opts.transB ? 1 : 0,
      m,
      n,
      k,
      opts.alpha ?? 1,
      pa,
      lda,
      pb,
      ldb,
      beta,
      pc,
      n,
      work,
    ];
    kern.exports[name](...args);
  };
}

/**
 * gemm on operands already in WASM memory (pointers from the arena); `work` holds gemmF32WorkBytes() bytes.
 * Without `hasC` the initial C is ignored (beta = 0).
 */
export const gemmF32Ptr: GemmPtr = gemmPtr('gemmF32');

/** f64 version of {@link gemmF32Ptr}; `work` holds gemmF64WorkBytes() bytes. */
export const gemmF64Ptr: GemmPtr = gemmPtr('gemmF64');
