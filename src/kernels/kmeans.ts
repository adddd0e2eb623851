import { InvalidInputError } from '../errors/index.ts';
import type { Kernels } from './loadKernels.ts';
import { scoped } from './scoped.ts';

/** Options of {@link fitKMeans} (scikit-learn's KMeans with `init='k-means++'`, `algorithm='lloyd'`). */
export interface KMeansFitOptions {
  readonly nClusters: number;
  /** Independent k-means++ initialisations; the lowest-inertia run wins. */
  readonly nInit: number;
  readonly maxIter: number;
  /** Relative tolerance: Lloyd stops when Σ‖Δcenter‖² ≤ tol · mean column variance of X. */
  readonly tol: number;
  /** Seed of the WASM xoshiro128** stream that drives k-means++. */
  readonly seed: number;
}

/** A fitted clustering. */
export interface KMeansFitResult {
  /** nClusters×d row-major. */
  centers: Float64Array;
  labels: Int32Array;
  /** Σ squared distance of each row to its center. */
  inertia: number;
  /** Lloyd iterations of the winning run. */
  nIter: number;
}

/** Pointers of the problem in WASM memory. */
interface Problem {
  x: number;
  n: number;
  d: number;
  k: number;
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

/** Runs Lloyd iterations from the centers at `centers` (updated in place). Returns the iterations run. */
function lloyd(kern: Kernels, p: Problem, centers: number, maxIter: number, tolAbs: number, s: Scratch): number {
  const { x, n, d, k } = p;
  const ex = kern.exports;
  const ar = kern.arena;
  let prev: Int32Array | undefined;
  let iter = 0;
  while (iter < maxIter) {
    iter++;
    ex.lloydStepF64(x, n, d, centers, k, s.labels, s.dist, s.sums, s.counts);
    const labels = ar.i32(s.labels, n);
    const strict = prev !== undefined && labels.every((v, i) => v === (prev as Int32Array)[i]);
    const shift = updateCenters(kern, p, centers, s);
    if (strict || shift <= tolAbs) break;
    prev = Int32Array.from(labels);
  }
  return iter;
}

/** Scratch buffers of one fit. */
interface Scratch {
  labels: number;
  dist: number;
  sums: number;
  counts: number;
}

/**
 * centers = per-cluster means (sums / counts); an empty cluster is moved onto the row farthest from its center, like
 * scikit-learn's relocation. Returns Σ‖new − old‖².
 */
function updateCenters(kern: Kernels, p: Problem, centers: number, s: Scratch): number {
  const { x, n, d, k } = p;
  const ar = kern.arena;
  const c = ar.f64(centers, k * d);
  const sums = ar.f64(s.sums, k * d);
  const counts = ar.f64(s.counts, k);
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length > 0) {
    const dist = ar.f64(s.dist, n);
    const far = Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => dist[b] - dist[a])
      .slice(0, empty.length);
    const xs = ar.f64(x, n * d);
    empty.forEach((j, e) => {
      sums.set(xs.subarray(far[e] * d, (far[e] + 1) * d), j * d);
      counts[j] = 1;
    });
  }
  let shift = 0;
  for (let j = 0; j < k; j++) {
    for (let q = 0; q < d; q++) {
      const v = sums[j * d + q] / counts[j];
      const delta = v - c[j * d + q];
      shift += delta * delta;
      c[j * d + q] = v;
    }
  }
  return shift;
}

/**
 * Fits k-means (Lloyd's algorithm, k-means++ seeding from the seeded WASM PRNG) on the row-major n×d matrix X.
 * Deterministic: the same data, options and seed give bit-identical results.
 * @throws InvalidInputError when there are fewer rows than clusters.
 */
export function fitKMeans(
  kern: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  opts: KMeansFitOptions,
): KMeansFitResult {
  const k = opts.nClusters;
  if (x.length !== n * d) throw new InvalidInputError('fitKMeans', `X has ${x.length} values, expected ${n}×${d}`);
  if (n < k) throw new InvalidInputError('fitKMeans', `n_samples=${n} should be >= n_clusters=${k}`);
  return scoped(kern, () => {
    const ar = kern.arena;
    const ex = kern.exports;
    const p: Problem = { x: ar.putF64(x), n, d, k };
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
    let best: KMeansFitResult | undefined;
    for (let run = 0; run < opts.nInit; run++) {
      kmeansPlusPlus(kern, p, centers);
      const nIter = lloyd(kern, p, centers, opts.maxIter, tolAbs, s);
      const inertia = ex.lloydStepF64(p.x, n, d, centers, k, s.labels, s.dist, s.sums, s.counts);
      if (best === undefined || inertia < best.inertia) {
        best = { centers: ar.getF64(centers, k * d), labels: ar.getI32(s.labels, n), inertia, nIter };
      }
    }
    return best as KMeansFitResult;
  });
}

/** Nearest-center labels (ties to the lowest index) and squared distances of the rows of X to the k centers. */
export function assignClusters(
  kern: Kernels,
  x: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
): { labels: Int32Array; sqDistances: Float64Array } {
  return scoped(kern, () => {
    const ar = kern.arena;
    const px = ar.putF64(x);
    const pc = ar.putF64(centers);
    const labels = ar.alloc(n * 4);
    const dist = ar.alloc(n * 8);
    const sums = ar.alloc(k * d * 8);
    const counts = ar.alloc(k * 8);
    kern.exports.lloydStepF64(px, n, d, pc, k, labels, dist, sums, counts);
    const out = ar.alloc(n * k * 8);
    kern.exports.sqDistancesF64(px, n, d, pc, k, out);
    return { labels: ar.getI32(labels, n), sqDistances: ar.getF64(out, n * k) };
  });
}
