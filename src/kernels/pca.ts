import { InvalidInputError } from '../errors/index.ts';
import { gemmF64Ptr } from './gemm.ts';
import { symmetricEigen } from './linearSolve.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** Principal axes of a data matrix: every axis (d of them), largest variance first. */
export interface PrincipalAxes {
  /** Column means (d). */
  mean: Float64Array;
  /** Eigenvalues of XcᵀXc (= squared singular values of Xc), descending, clipped at 0 (d). */
  eigenvalues: Float64Array;
  /** d×d row-major; row j is axis j, signed like scikit-learn's `svd_flip` (largest |projection| positive). */
  axes: Float64Array;
}

/**
 * Principal axes of the row-major n×d matrix X through the eigen-decomposition of the scatter matrix XcᵀXc
 * (WASM gemm, then Jacobi). Axis signs follow scikit-learn: for each axis the sample with the largest absolute
 * projection projects positively.
 */
export function principalAxes(k: Kernels, x: Float64Array, n: number, d: number): PrincipalAxes {
  if (x.length !== n * d) throw new InvalidInputError('principalAxes', `X has ${x.length} values, expected ${n}×${d}`);
  return scoped(k, () => {
    const ar = k.arena;
    const ex = k.exports;
    const px = ar.putF64(x);
    const pm = ar.alloc(d * 8);
    ex.colMeanF64(px, n, d, pm);
    const mean = ar.getF64(pm, d);
    ex.subColsF64(px, n, d, pm);
    const work = ar.alloc(ex.gemmF64WorkBytes());
    const pg = ar.alloc(d * d * 8);
    gemmF64Ptr(k, d, d, n, px, px, pg, work, { transA: true });
    const eig = symmetricEigen(k, ar.f64(pg, d * d), d);
    const eigenvalues = eig.values.map((v) => Math.max(v, 0));
    const axes = eig.vectors;
    const pv = ar.putF64(axes);
    const pp = ar.alloc(n * d * 8);
    gemmF64Ptr(k, n, d, d, px, pv, pp, work, { transB: true });
    const proj = ar.f64(pp, n * d);
    for (let j = 0; j < d; j++) {
      let best = 0;
      let bestAbs = -1;
      for (let i = 0; i < n; i++) {
        const a = Math.abs(proj[i * d + j]);
        if (a > bestAbs) {
          bestAbs = a;
          best = i;
        }
      }
      if (proj[best * d + j] < 0) for (let q = 0; q < d; q++) axes[j * d + q] = -axes[j * d + q];
    }
    return { mean, eigenvalues, axes };
  });
}

/**
 * (X − mean)·Wᵀ for the row-major n×d X and the c×d matrix W, each output column then divided by `divisors[j]` when
 * given (whitening). Returns n×c.
 */
export function projectCentered(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  mean: Float64Array,
  w: Float64Array,
  c: number,
  divisors?: Float64Array,
): Float64Array {
  if (x.length !== n * d || mean.length !== d || w.length !== c * d)
    throw new InvalidInputError('projectCentered', 'shape mismatch between X, mean and components');
  return scoped(k, () => {
    const ar = k.arena;
    const ex = k.exports;
    const px = ar.putF64(x);
    ex.subColsF64(px, n, d, ar.putF64(mean));
    const pw = ar.putF64(w);
    const out = ar.alloc(n * c * 8);
    gemmF64Ptr(k, n, c, d, px, pw, out, ar.alloc(ex.gemmF64WorkBytes()), { transB: true });
    if (divisors) {
      ex.subDivColsF64(out, n, c, ar.putF64(new Float64Array(c)), ar.putF64(divisors), out);
    }
    return ar.getF64(out, n * c);
  });
}

/** Inverse of {@link projectCentered}: Z·W (each Z column first multiplied by `multipliers[j]` when given) + mean. */
export function unproject(
  k: Kernels,
  z: Float64Array,
  n: number,
  c: number,
  w: Float64Array,
  d: number,
  mean: Float64Array,
  multipliers?: Float64Array,
): Float64Array {
  if (z.length !== n * c || mean.length !== d || w.length !== c * d)
    throw new InvalidInputError('unproject', 'shape mismatch between Z, mean and components');
  return scoped(k, () => {
    const ar = k.arena;
    const ex = k.exports;
    const pz = ar.putF64(z);
    if (multipliers) ex.mulAddColsF64(pz, n, c, ar.putF64(multipliers), ar.putF64(new Float64Array(c)), pz);
    const out = ar.alloc(n * d * 8);
    gemmF64Ptr(k, n, d, c, pz, ar.putF64(w), out, ar.alloc(ex.gemmF64WorkBytes()));
    ex.mulAddColsF64(out, n, d, ar.putF64(new Float64Array(d).fill(1)), ar.putF64(mean), out);
    return ar.getF64(out, n * d);
  });
}
