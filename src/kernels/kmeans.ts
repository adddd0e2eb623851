import { InvalidInputError } from '../errors/index.ts';
import type { FerryExports } from './exports.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** How the first centers of each run are chosen. */
export type KMeansInit =
  /** scikit-learn's greedy k-means++ (2 + ⌊ln k⌋ candidates per center). */
  | 'k-means++'
  /** nClusters distinct rows drawn uniformly at random. */
  | 'random'
  /** Explicit centers, nClusters×d row-major (one run, as scikit-learn does). */
  | Float64Array;

/** Options of {@link fitKMeans} (scikit-learn's KMeans with `algorithm='lloyd'`). */
export interface KMeansFitOptions {
  readonly nClusters: number;
  /** How each run starts; explicit centers force a single run. */
  readonly init: KMeansInit;
  /** Independent initialisations; the lowest-inertia run wins. */
  readonly nInit: number;
  readonly maxIter: number;
  /** Relative tolerance: Lloyd stops when Σ‖Δcenter‖² ≤ tol · mean column variance of X (unweighted). */
  readonly tol: number;
  /** Seed of the WASM xoshiro128** stream that drives the random initialisations. */
  readonly seed: number;
  /** Per-row weights (scikit-learn's `sample_weight`): weighted centers and inertia; seeding ignores them (1.2). */
  readonly sampleWeight?: Float64Array;
}

/** A fitted clustering. */
export interface KMeansFitResult {
  /** nClusters×d row-major. */
  centers: Float64Array;
  labels: Int32Array;
  /** Σ (weighted) squared distance of each row to its center. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  nIter: number;
  /** Whether the winning run stopped by its tolerance or stable labels rather than by `maxIter`. */
  converged: boolean;
}

/** The weighted Lloyd step of assembly/kmeans.ts. */
interface WeightedLloydExports {
  lloydStepWeightedF64(
    x: number,
    n: number,
    d: number,
    centers: number,
    k: number,
    sw: number,
    labels: number,
    dist: number,
    sums: number,
    counts: number,
  ): number;
}

/** Pointers of the problem in WASM memory (`sw` = 0 when unweighted). */
interface Problem {
  x: number;
  n: number;
  d: number;
  k: number;
  sw: number;
}

/** Scratch buffers of one fit. */
interface Scratch {
  labels: number;
  dist: number;
  sums: number;
  counts: number;
}

function exportsOf(kern: Kernels): FerryExports & WeightedLloydExports {
  return kern.exports as FerryExports & WeightedLloydExports;
}

/** One (weighted) Lloyd step over the problem; returns the inertia. */
function lloydStep(kern: Kernels, p: Problem, centers: number, s: Scratch): number {
  return exportsOf(kern).lloydStepWeightedF64(p.x, p.n, p.d, centers, p.k, p.sw, s.labels, s.dist, s.sums, s.counts);
}

/**
 * k-means++ seeding as in scikit-learn: the first center uniformly at random, then each next one the best (lowest
 * potential) of 2 + ⌊ln k⌋ candidates drawn with probability proportional to the squared distance to the closest
 * center. Writes the centers to `centers` (k×d in WASM memory).
 */
function kmeansPlusPlus(kern: Kernels, p: Problem, centers: number): void {
  const { x, n, d, k } = p;
  const ex = kern.exports;
  const ar = kern.arena;
  const trials = 2 + Math.floor(Math.log(k));
  const rowBytes = d * 8;
  const closest = ar.alloc(n * 8);
  const cand = ar.alloc(n * 8);
  const best = ar.alloc(n * 8);
  const first = Math.min(n - 1, Math.floor(ex.nextF64() * n));
  new Uint8Array(kern.memory.buffer, centers, rowBytes).set(
    new Uint8Array(kern.memory.buffer, x + first * rowBytes, rowBytes),
  );
  let pot = ex.minSqDistToPointF64(x, n, d, x + first * rowBytes, 0, closest);
  for (let c = 1; c < k; c++) {
    const cum = new Float64Array(n);
    const cl = ar.f64(closest, n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += cl[i];
      cum[i] = s;
    }
    let bestPot = Number.POSITIVE_INFINITY;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const target = ex.nextF64() * pot;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] < target) lo = mid + 1;
        else hi = mid;
      }
      const candPot = ex.minSqDistToPointF64(x, n, d, x + lo * rowBytes, closest, cand);
      if (candPot < bestPot) {
        bestPot = candPot;
        bestId = lo;
        ar.f64(best, n).set(ar.f64(cand, n));
      }
    }
    pot = bestPot;
    ar.f64(closest, n).set(ar.f64(best, n));
    const mem = new Uint8Array(kern.memory.buffer);
    mem.copyWithin(centers + c * rowBytes, x + bestId * rowBytes, x + (bestId + 1) * rowBytes);
  }
}

/** scikit-learn's `init='random'`: k distinct rows chosen uniformly (partial Fisher–Yates on the seeded stream). */
function randomRows(kern: Kernels, p: Problem, centers: number): void {
  const { x, n, d, k } = p;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  const mem = new Uint8Array(kern.memory.buffer);
  const rowBytes = d * 8;
  for (let c = 0; c < k; c++) {
    const j = c + Math.min(n - c - 1, Math.floor(kern.exports.nextF64() * (n - c)));
    const t = idx[c];
    idx[c] = idx[j];
    idx[j] = t;
    mem.copyWithin(centers + c * rowBytes, x + idx[c] * rowBytes, x + (idx[c] + 1) * rowBytes);
  }
}

/** Runs Lloyd iterations from the centers at `centers` (updated in place). */
function lloyd(
  kern: Kernels,
  p: Problem,
  centers: number,
  maxIter: number,
  tolAbs: number,
  s: Scratch,
): { nIter: number; converged: boolean } {
  const ar = kern.arena;
  let prev: Int32Array | undefined;
  let iter = 0;
  while (iter < maxIter) {
    iter++;
    lloydStep(kern, p, centers, s);
    const labels = ar.i32(s.labels, p.n);
    const strict = prev !== undefined && labels.every((v, i) => v === (prev as Int32Array)[i]);
    const shift = updateCenters(kern, p, centers, s);
    if (strict || shift <= tolAbs) return { nIter: iter, converged: true };
    prev = Int32Array.from(labels);
  }
  return { nIter: iter, converged: false };
}

/**
 * centers = per-cluster (weighted) means; an empty cluster takes the row farthest from its center, which leaves its
 * old cluster, as in scikit-learn's `_relocate_empty_clusters_dense`. Returns Σ‖new − old‖².
 */
function updateCenters(kern: Kernels, p: Problem, centers: number, s: Scratch): number {
  const { x, n, d, k, sw } = p;
  const ar = kern.arena;
  const c = ar.f64(centers, k * d);
  const sums = ar.f64(s.sums, k * d);
  const counts = ar.f64(s.counts, k);
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length > 0) {
    const dist = ar.f64(s.dist, n);
    const labels = ar.i32(s.labels, n);
    const weights = sw === 0 ? undefined : ar.f64(sw, n);
    const far = Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => dist[b] - dist[a])
      .slice(0, empty.length);
    const xs = ar.f64(x, n * d);
    empty.forEach((j, e) => {
      const i = far[e];
      const w = weights ? weights[i] : 1;
      const old = labels[i];
      for (let q = 0; q < d; q++) {
        sums[old * d + q] -= w * xs[i * d + q];
        sums[j * d + q] = w * xs[i * d + q];
      }
      counts[old] -= w;
      counts[j] = w;
    });
  }
  let shift = 0;
  for (let j = 0; j < k; j++) {
    if (!(counts[j] > 0)) continue;
    for (let q = 0; q < d; q++) {
      const v = sums[j * d + q] / counts[j];
      const delta = v - c[j * d + q];
      shift += delta * delta;
      c[j * d + q] = v;
    }
  }
  return shift;
}

function checkOptions(x: Float64Array, n: number, d: number, opts: KMeansFitOptions): void {
  const k = opts.nClusters;
  if (x.length !== n * d) throw new InvalidInputError('fitKMeans', `X has ${x.length} values, expected ${n}×${d}`);
  if (n < k) throw new InvalidInputError('fitKMeans', `n_samples=${n} should be >= n_clusters=${k}`);
  if (opts.init instanceof Float64Array && opts.init.length !== k * d)
    throw new InvalidInputError('fitKMeans', `init has ${opts.init.length} values, expected ${k}×${d}`);
  if (opts.sampleWeight && opts.sampleWeight.length !== n)
    throw new InvalidInputError('fitKMeans', `sampleWeight has ${opts.sampleWeight.length} entries for ${n} rows`);
}

/**
 * Fits k-means (Lloyd's algorithm) on the row-major n×d matrix X, from k-means++, random rows or explicit centers.
 * Deterministic: the same data, options and seed give bit-identical results.
 * @throws InvalidInputError when there are fewer rows than clusters, or `init` / `sampleWeight` have the wrong size.
 */
export function fitKMeans(
  kern: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  opts: KMeansFitOptions,
): KMeansFitResult {
  checkOptions(x, n, d, opts);
  const k = opts.nClusters;
  return scoped(kern, () => {
    const ar = kern.arena;
    const ex = kern.exports;
    const p: Problem = { x: ar.putF64(x), n, d, k, sw: opts.sampleWeight ? ar.putF64(opts.sampleWeight) : 0 };
    const pm = ar.alloc(d * 8);
    const pv = ar.alloc(d * 8);
    ex.colMeanVarF64(p.x, n, d, pm, pv);
    const tolAbs = (ar.f64(pv, d).reduce((a, b) => a + b, 0) / Math.max(d, 1)) * opts.tol;
    const s: Scratch = {
      labels: ar.alloc(n * 4),
      dist: ar.alloc(n * 8),
      sums: ar.alloc(k * d * 8),
      counts: ar.alloc(k * 8),
    };
    const centers = ar.alloc(k * d * 8);
    ex.seedRandom(opts.seed >>> 0);
    const init = opts.init;
    const runs = init instanceof Float64Array ? 1 : opts.nInit;
    let best: KMeansFitResult | undefined;
    for (let run = 0; run < runs; run++) {
      if (init instanceof Float64Array) ar.f64(centers, k * d).set(init);
      else if (init === 'random') randomRows(kern, p, centers);
      else kmeansPlusPlus(kern, p, centers);
      const { nIter, converged } = lloyd(kern, p, centers, opts.maxIter, tolAbs, s);
      const inertia = lloydStep(kern, p, centers, s);
      if (best === undefined || inertia < best.inertia) {
        best = { centers: ar.getF64(centers, k * d), labels: ar.getI32(s.labels, n), inertia, nIter, converged };
      }
    }
    return best as KMeansFitResult;
  });
}

/** Rows of X (n × d) and k centers, for the prediction kernels. */
export interface RowsAndCenters {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly centers: Float64Array;
  readonly k: number;
}

/** Copies the rows and centers into the kernels' memory and runs `f` on their addresses (memory freed after). */
function onRowsAndCenters<T>(kern: Kernels, rc: RowsAndCenters, f: (px: number, pc: number) => T): T {
  return scoped(kern, () => f(kern.arena.putF64(rc.x), kern.arena.putF64(rc.centers)));
}

/** Index of the nearest of the k centers for each row of X (ties to the lowest index): the labels of a Lloyd step. */
export function nearestCenters(kern: Kernels, rc: RowsAndCenters): Int32Array {
  const { n, d, k } = rc;
  return onRowsAndCenters(kern, rc, (px, pc) => {
    const ar = kern.arena;
    const labels = ar.alloc(n * 4);
    kern.exports.lloydStepF64(px, n, d, pc, k, labels, ar.alloc(n * 8), ar.alloc(k * d * 8), ar.alloc(k * 8));
    return ar.getI32(labels, n);
  });
}

/** Squared Euclidean distances of the rows of X to the k centers, `n × k` row-major. */
export function squaredDistancesToCenters(kern: Kernels, rc: RowsAndCenters): Float64Array {
  const { n, d, k } = rc;
  return onRowsAndCenters(kern, rc, (px, pc) => {
    const out = kern.arena.alloc(n * k * 8);
    kern.exports.sqDistancesF64(px, n, d, pc, k, out);
    return kern.arena.getF64(out, n * k);
  });
}
