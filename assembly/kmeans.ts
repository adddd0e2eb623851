// k-means kernels: squared distances to one point (k-means++ seeding) and a fused Lloyd step
// (assignment, inertia and per-cluster sums in one pass). Row-major f64 data, SIMD over features.

/** ‖a − b‖² over d f64 values. */
function sqDist(a: usize, b: usize, d: i32): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const o = <usize>j << 3;
    const t0 = f64x2.sub(v128.load(a + o), v128.load(b + o));
    const t1 = f64x2.sub(v128.load(a + o, 16), v128.load(b + o, 16));
    acc0 = f64x2.add(acc0, f64x2.mul(t0, t0));
    acc1 = f64x2.add(acc1, f64x2.mul(t1, t1));
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; j < d; j++) {
    const o = <usize>j << 3;
    const t = load<f64>(a + o) - load<f64>(b + o);
    s += t * t;
  }
  return s;
}

/**
 * out_i = min(closest_i, ‖x_i − pt‖²) for the n rows of X (closest may be 0 to skip the min, or alias out).
 * Returns Σ_i out_i (the k-means++ potential with pt added as a center).
 */
export function minSqDistToPointF64(x: usize, n: i32, d: i32, pt: usize, closest: usize, out: usize): f64 {
  const rowBytes = <usize>d << 3;
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    let v = sqDist(x + <usize>i * rowBytes, pt, d);
    if (closest != 0) v = min(v, load<f64>(closest + (<usize>i << 3)));
    store<f64>(out + (<usize>i << 3), v);
    total += v;
  }
  return total;
}

/** out (n×k) = squared Euclidean distances between the rows of X (n×d) and the k centers (k×d). */
export function sqDistancesF64(x: usize, n: i32, d: i32, centers: usize, k: i32, out: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    const o = out + ((<usize>i * <usize>k) << 3);
    for (let c = 0; c < k; c++) store<f64>(o + (<usize>c << 3), sqDist(row, centers + <usize>c * rowBytes, d));
  }
}

/**
 * One Lloyd step: labels_i = argmin_c ‖x_i − center_c‖² (ties to the lowest index), dist_i that distance,
 * sums (k×d) = Σ of the rows of each cluster and counts (k, f64) their sizes. Returns the inertia Σ_i dist_i.
 */
export function lloydStepF64(
  x: usize,
  n: i32,
  d: i32,
  centers: usize,
  k: i32,
  labels: usize,
  dist: usize,
  sums: usize,
  counts: usize,
): f64 {
  return lloydStep(x, n, d, centers, k, 0, labels, dist, sums, counts);
}

/**
 * {@link lloydStepF64} with sample weights sw (n f64, scikit-learn's `sample_weight`): sums (k×d) = Σ w_i x_i per
 * cluster, counts (k) = Σ w_i, and the returned inertia is Σ_i w_i dist_i (dist_i stays unweighted).
 */
export function lloydStepWeightedF64(
  x: usize,
  n: i32,
  d: i32,
  centers: usize,
  k: i32,
  sw: usize,
  labels: usize,
  dist: usize,
  sums: usize,
  counts: usize,
): f64 {
  return lloydStep(x, n, d, centers, k, sw, labels, dist, sums, counts);
}

/** The Lloyd step; `sw` = 0 weighs every row 1. */
function lloydStep(
  x: usize,
  n: i32,
  d: i32,
  centers: usize,
  k: i32,
  sw: usize,
  labels: usize,
  dist: usize,
  sums: usize,
  counts: usize,
): f64 {
  const rowBytes = <usize>d << 3;
  memory.fill(sums, 0, <usize>k * rowBytes);
  memory.fill(counts, 0, <usize>k << 3);
  let inertia = 0.0;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    let best = 0;
    let bestD = sqDist(row, centers, d);
    for (let c = 1; c < k; c++) {
      const dc = sqDist(row, centers + <usize>c * rowBytes, d);
      if (dc < bestD) {
        bestD = dc;
        best = c;
      }
    }
    const w = sw == 0 ? 1.0 : load<f64>(sw + (<usize>i << 3));
    store<i32>(labels + (<usize>i << 2), best);
    store<f64>(dist + (<usize>i << 3), bestD);
    inertia += w * bestD;
    const sum = sums + <usize>best * rowBytes;
    const wv = f64x2.splat(w);
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(sum + o, f64x2.add(v128.load(sum + o), f64x2.mul(wv, v128.load(row + o))));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(sum + o, load<f64>(sum + o) + w * load<f64>(row + o));
    }
    const co = counts + (<usize>best << 3);
    store<f64>(co, load<f64>(co) + w);
  }
  return inertia;
}
