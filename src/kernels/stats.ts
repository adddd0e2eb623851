import { InvalidInputError } from '../errors/index.ts';
import type { FerryExports } from './exports.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** The weighted column statistics of assembly/stats.ts. */
interface WeightedStatsExports {
  colMeanVarWeightedF64(x: number, n: number, d: number, w: number, mean: number, vr: number): number;
}

/** Column mean and variance of the matrix at `px`, weighted by `sw` when given. */
function meanVarAt(k: Kernels, px: number, n: number, d: number, pm: number, pv: number, sw?: Float64Array): void {
  if (sw === undefined) k.exports.colMeanVarF64(px, n, d, pm, pv);
  else (k.exports as FerryExports & WeightedStatsExports).colMeanVarWeightedF64(px, n, d, k.arena.putF64(sw), pm, pv);
}

function checkWeights(where: string, sw: Float64Array | undefined, n: number): void {
  if (sw !== undefined && sw.length !== n)
    throw new InvalidInputError(where, `sampleWeight has ${sw.length} entries for ${n} rows`);
}

function checkMatrix(where: string, x: Float64Array, n: number, d: number): void {
  if (x.length !== n * d) throw new InvalidInputError(where, `X has ${x.length} values, expected ${n}×${d}`);
}

/**
 * Column means and population variances (ddof = 0) of the row-major n×d matrix X, computed in two passes; with
 * `sw`, weighted by it (Σ w_i x_ij / Σ w and Σ w_i (x_ij − mean_j)² / Σ w).
 */
export function columnMeanVar(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  sw?: Float64Array,
): { mean: Float64Array; var: Float64Array } {
  checkMatrix('columnMeanVar', x, n, d);
  checkWeights('columnMeanVar', sw, n);
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    const pm = a.alloc(d * 8);
    const pv = a.alloc(d * 8);
    meanVarAt(k, px, n, d, pm, pv, sw);
    return { mean: a.getF64(pm, d), var: a.getF64(pv, d) };
  });
}

/** Column means of the row-major n×d matrix X. */
export function columnMean(k: Kernels, x: Float64Array, n: number, d: number): Float64Array {
  checkMatrix('columnMean', x, n, d);
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    const pm = a.alloc(d * 8);
    k.exports.colMeanF64(px, n, d, pm);
    return a.getF64(pm, d);
  });
}

/** Column minima and maxima of the row-major n×d matrix X (n ≥ 1). */
export function columnMinMax(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
): { min: Float64Array; max: Float64Array } {
  checkMatrix('columnMinMax', x, n, d);
  if (n < 1) throw new InvalidInputError('columnMinMax', 'needs at least one row');
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    const pmn = a.alloc(d * 8);
    const pmx = a.alloc(d * 8);
    k.exports.colMinMaxF64(px, n, d, pmn, pmx);
    return { min: a.getF64(pmn, d), max: a.getF64(pmx, d) };
  });
}

/** (X − sub) / div per column, as a new n×d array. */
export function subDivColumns(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  sub: Float64Array,
  div: Float64Array,
): Float64Array {
  checkMatrix('subDivColumns', x, n, d);
  if (sub.length !== d || div.length !== d)
    throw new InvalidInputError('subDivColumns', `needs ${d} column parameters`);
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    k.exports.subDivColsF64(px, n, d, a.putF64(sub), a.putF64(div), px);
    return a.getF64(px, n * d);
  });
}

/** X · mul + add per column, as a new n×d array. */
export function mulAddColumns(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  mul: Float64Array,
  add: Float64Array,
): Float64Array {
  checkMatrix('mulAddColumns', x, n, d);
  if (mul.length !== d || add.length !== d)
    throw new InvalidInputError('mulAddColumns', `needs ${d} column parameters`);
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    k.exports.mulAddColsF64(px, n, d, a.putF64(mul), a.putF64(add), px);
    return a.getF64(px, n * d);
  });
}

/** Row-wise log-sum-exp of the row-major n×k matrix S. */
export function logSumExpRows(kern: Kernels, s: Float64Array, n: number, k: number): Float64Array {
  checkMatrix('logSumExpRows', s, n, k);
  return scoped(kern, () => {
    const a = kern.arena;
    const out = a.alloc(n * 8);
    kern.exports.logSumExpRows(a.putF64(s), n, k, out);
    return a.getF64(out, n);
  });
}

/** Row-wise softmax of the row-major n×k matrix S, as a new array. */
export function softmaxRows(kern: Kernels, s: Float64Array, n: number, k: number): Float64Array {
  checkMatrix('softmaxRows', s, n, k);
  return scoped(kern, () => {
    const a = kern.arena;
    const p = a.putF64(s);
    kern.exports.softmaxRows(p, n, k);
    return a.getF64(p, n * k);
  });
}

/** Element-wise logistic sigmoid, overflow-free for large |x|. */
export function sigmoid(kern: Kernels, x: Float64Array): Float64Array {
  return scoped(kern, () => {
    const a = kern.arena;
    const out = a.alloc(x.length * 8);
    kern.exports.sigmoidF64(a.putF64(x), x.length, out);
    return a.getF64(out, x.length);
  });
}

/** `n` uniform doubles in [0, 1) from the seeded xoshiro128** stream (the same seed gives the same values). */
export function uniform(kern: Kernels, n: number, seed: number): Float64Array {
  kern.exports.seedRandom(seed >>> 0);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = kern.exports.nextF64();
  return out;
}

/** What {@link fitStandardize} learned. */
export interface StandardizeStats {
  mean: Float64Array;
  var: Float64Array;
  scale: Float64Array;
}

/**
 * StandardScaler's fit + transform with one copy of X into WASM memory: column mean and variance (weighted by `sw`
 * when given), `scaleOf` turns them into per-column scales, then `(x − mean?) / scale?` is computed in place and
 * copied into `out` (which may be `x` itself for an in-place transform).
 */
export function fitStandardize(
  k: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  opts: { withMean: boolean; withStd: boolean },
  scaleOf: (mean: Float64Array, variance: Float64Array) => Float64Array,
  out: Float64Array,
  sw?: Float64Array,
): StandardizeStats {
  checkMatrix('fitStandardize', x, n, d);
  checkWeights('fitStandardize', sw, n);
  if (out.length !== n * d)
    throw new InvalidInputError('fitStandardize', `out has ${out.length} values, expected ${n}×${d}`);
  return scoped(k, () => {
    const a = k.arena;
    const px = a.putF64(x);
    const pm = a.alloc(d * 8);
    const pv = a.alloc(d * 8);
    meanVarAt(k, px, n, d, pm, pv, sw);
    const mean = a.getF64(pm, d);
    const variance = a.getF64(pv, d);
    const scale = opts.withStd ? scaleOf(mean, variance) : new Float64Array(d).fill(1);
    const sub = opts.withMean ? mean : new Float64Array(d);
    k.exports.subDivColsF64(px, n, d, a.putF64(sub), a.putF64(scale), px);
    out.set(a.f64(px, n * d));
    return { mean, var: variance, scale };
  });
}
