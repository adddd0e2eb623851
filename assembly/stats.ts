// Column statistics and per-column affine maps over row-major n×d f64 matrices, vectorised across columns (f64x2).
// Scratch-free: results go to caller-provided d-length buffers.

/** mean[j] = Σ_i x_ij / n, then var[j] = Σ_i (x_ij − mean_j)² / n (two passes, population variance). */
export function colMeanVarF64(x: usize, n: i32, d: i32, mean: usize, vr: usize): void {
  const rowBytes = <usize>d << 3;
  memory.fill(mean, 0, rowBytes);
  memory.fill(vr, 0, rowBytes);
  if (n == 0) return;
  for (let i = 0; i < n; i++) addRow(mean, x + <usize>i * rowBytes, d);
  divRow(mean, d, <f64>n);
  for (let i = 0; i < n; i++) addSquaredDeviation(vr, x + <usize>i * rowBytes, mean, d);
  divRow(vr, d, <f64>n);
}

/**
 * Weighted column statistics (scikit-learn's StandardScaler with `sample_weight`): mean[j] = Σ_i w_i x_ij / Σ w,
 * then var[j] = Σ_i w_i (x_ij − mean_j)² / Σ w (two passes). Returns Σ w.
 */
export function colMeanVarWeightedF64(x: usize, n: i32, d: i32, w: usize, mean: usize, vr: usize): f64 {
  const rowBytes = <usize>d << 3;
  memory.fill(mean, 0, rowBytes);
  memory.fill(vr, 0, rowBytes);
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    const wi = load<f64>(w + (<usize>i << 3));
    total += wi;
    addScaledRow(mean, x + <usize>i * rowBytes, wi, d);
  }
  if (total == 0.0) return total;
  divRow(mean, d, total);
  for (let i = 0; i < n; i++) {
    addScaledSquaredDeviation(vr, x + <usize>i * rowBytes, mean, load<f64>(w + (<usize>i << 3)), d);
  }
  divRow(vr, d, total);
  return total;
}

/** mean[j] = Σ_i x_ij / n. */
export function colMeanF64(x: usize, n: i32, d: i32, mean: usize): void {
  const rowBytes = <usize>d << 3;
  memory.fill(mean, 0, rowBytes);
  if (n == 0) return;
  for (let i = 0; i < n; i++) addRow(mean, x + <usize>i * rowBytes, d);
  divRow(mean, d, <f64>n);
}

/** Column minima and maxima (NaN-propagating like numpy's min/max when a column holds a NaN). */
export function colMinMaxF64(x: usize, n: i32, d: i32, mn: usize, mx: usize): void {
  const rowBytes = <usize>d << 3;
  if (n == 0) return;
  memory.copy(mn, x, rowBytes);
  memory.copy(mx, x, rowBytes);
  for (let i = 1; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      const v = v128.load(row + o);
      v128.store(mn + o, f64x2.min(v128.load(mn + o), v));
      v128.store(mx + o, f64x2.max(v128.load(mx + o), v));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      const v = load<f64>(row + o);
      store<f64>(mn + o, min(load<f64>(mn + o), v));
      store<f64>(mx + o, max(load<f64>(mx + o), v));
    }
  }
}

/** out_ij = (x_ij − sub_j) / div_j (StandardScaler's transform; `out` may alias `x`). */
export function subDivColsF64(x: usize, n: i32, d: i32, sub: usize, div: usize, out: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const src = x + <usize>i * rowBytes;
    const dst = out + <usize>i * rowBytes;
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.div(f64x2.sub(v128.load(src + o), v128.load(sub + o)), v128.load(div + o)));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, (load<f64>(src + o) - load<f64>(sub + o)) / load<f64>(div + o));
    }
  }
}

/** out_ij = x_ij · mul_j + add_j (MinMaxScaler's transform, and inverse transforms; `out` may alias `x`). */
export function mulAddColsF64(x: usize, n: i32, d: i32, mul: usize, add: usize, out: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const src = x + <usize>i * rowBytes;
    const dst = out + <usize>i * rowBytes;
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(dst + o, f64x2.add(f64x2.mul(v128.load(src + o), v128.load(mul + o)), v128.load(add + o)));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(dst + o, load<f64>(src + o) * load<f64>(mul + o) + load<f64>(add + o));
    }
  }
}

/** In place: x_ij = x_ij − sub_j (centering). */
export function subColsF64(x: usize, n: i32, d: i32, sub: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      v128.store(row + o, f64x2.sub(v128.load(row + o), v128.load(sub + o)));
    }
    for (; j < d; j++) {
      const o = <usize>j << 3;
      store<f64>(row + o, load<f64>(row + o) - load<f64>(sub + o));
    }
  }
}

function addRow(acc: usize, row: usize, d: i32): void {
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = <usize>j << 3;
    v128.store(acc + o, f64x2.add(v128.load(acc + o), v128.load(row + o)));
  }
  for (; j < d; j++) {
    const o = <usize>j << 3;
    store<f64>(acc + o, load<f64>(acc + o) + load<f64>(row + o));
  }
}

function addSquaredDeviation(acc: usize, row: usize, mean: usize, d: i32): void {
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = <usize>j << 3;
    const t = f64x2.sub(v128.load(row + o), v128.load(mean + o));
    v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(t, t)));
  }
  for (; j < d; j++) {
    const o = <usize>j << 3;
    const t = load<f64>(row + o) - load<f64>(mean + o);
    store<f64>(acc + o, load<f64>(acc + o) + t * t);
  }
}

function addScaledRow(acc: usize, row: usize, s: f64, d: i32): void {
  const sv = f64x2.splat(s);
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = <usize>j << 3;
    v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(sv, v128.load(row + o))));
  }
  for (; j < d; j++) {
    const o = <usize>j << 3;
    store<f64>(acc + o, load<f64>(acc + o) + s * load<f64>(row + o));
  }
}

function addScaledSquaredDeviation(acc: usize, row: usize, mean: usize, s: f64, d: i32): void {
  const sv = f64x2.splat(s);
  let j = 0;
  for (; j + 2 <= d; j += 2) {
    const o = <usize>j << 3;
    const t = f64x2.sub(v128.load(row + o), v128.load(mean + o));
    v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(sv, f64x2.mul(t, t))));
  }
  for (; j < d; j++) {
    const o = <usize>j << 3;
    const t = load<f64>(row + o) - load<f64>(mean + o);
    store<f64>(acc + o, load<f64>(acc + o) + s * t * t);
  }
}

function divRow(acc: usize, d: i32, s: f64): void {
  for (let j = 0; j < d; j++) {
    const o = <usize>j << 3;
    store<f64>(acc + o, load<f64>(acc + o) / s);
  }
}
