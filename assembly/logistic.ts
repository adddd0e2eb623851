// Logistic-regression kernels: fused loss+gradient passes (binary and multinomial), the statistics and
// line-search losses of a Newton/coordinate-descent l1 solver, and the l1 coordinate-descent inner loop.
// All losses are Σ sw_i·ℓ_i with per-sample weights sw (callers fold C, class and sample weights into sw).
// Label arrays are i32 class indices; binary kernels treat label 1 as positive and anything else as negative.

import { axpyF64, dotF64 } from './linalg';

/** Numerically stable log(1+exp(z)) - y*z, its derivative σ(z)-y and curvature σ(1-σ) share one exp. */
function binaryLoss(z: f64, y: f64): f64 {
  const e = Math.exp(-Math.abs(z));
  return Math.log1p(e) + max(z, 0.0) - y * z;
}

function sigmoid(z: f64): f64 {
  const e = Math.exp(-Math.abs(z));
  return z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/**
 * Binary logistic loss and gradient in one pass over the row-major n×d matrix X.
 * w holds d coefficients followed by the intercept (read only when fitIntercept != 0).
 * grad receives d (+1 when fitIntercept) values: ∂/∂w and ∂/∂b of Σ sw_i·ℓ(x_i·w+b, y_i).
 * Returns the loss.
 */
export function binaryLossGrad(x: usize, n: i32, d: i32, y: usize, sw: usize, w: usize, fitIntercept: i32, grad: usize): f64 {
  const rowBytes = <usize>d << 3;
  const b = fitIntercept != 0 ? load<f64>(w + rowBytes) : 0.0;
  const dg = d + (fitIntercept != 0 ? 1 : 0);
  memory.fill(grad, 0, <usize>dg << 3);
  let loss = 0.0;
  let gb = 0.0;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    const z = dotF64(row, w, d) + b;
    const s = load<f64>(sw + (<usize>i << 3));
    if (s == 0.0) continue;
    const yi: f64 = load<i32>(y + (<usize>i << 2)) == 1 ? 1.0 : 0.0;
    const e = Math.exp(-Math.abs(z));
    loss += s * (Math.log1p(e) + max(z, 0.0) - yi * z);
    const p = z >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    const r = s * (p - yi);
    axpyF64(r, row, grad, d);
    gb += r;
  }
  if (fitIntercept != 0) store<f64>(grad + rowBytes, gb);
  return loss;
}

/**
 * Multinomial (softmax) loss and gradient in one pass over the row-major n×d matrix X.
 * W is k×d row-major, b has k intercepts (read only when fitIntercept != 0); gradW (k×d) and gradB (k)
 * receive the gradient of Σ sw_i·(logΣ_c exp z_ic − z_{i,y_i}); zbuf is k f64 of scratch. Returns the loss.
 */
export function multinomialLossGrad(
  x: usize,
  n: i32,
  d: i32,
  k: i32,
  y: usize,
  sw: usize,
  wm: usize,
  b: usize,
  fitIntercept: i32,
  gradW: usize,
  gradB: usize,
  zbuf: usize,
): f64 {
  const rowBytes = <usize>d << 3;
  memory.fill(gradW, 0, <usize>k * rowBytes);
  memory.fill(gradB, 0, <usize>k << 3);
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const s = load<f64>(sw + (<usize>i << 3));
    if (s == 0.0) continue;
    const row = x + <usize>i * rowBytes;
    const yi = load<i32>(y + (<usize>i << 2));
    let m = -Infinity;
    for (let c = 0; c < k; c++) {
      let z = dotF64(row, wm + <usize>c * rowBytes, d);
      if (fitIntercept != 0) z += load<f64>(b + (<usize>c << 3));
      store<f64>(zbuf + (<usize>c << 3), z);
      m = max(m, z);
    }
    let sum = 0.0;
    for (let c = 0; c < k; c++) sum += Math.exp(load<f64>(zbuf + (<usize>c << 3)) - m);
    const lse = m + Math.log(sum);
    loss += s * (lse - load<f64>(zbuf + (<usize>yi << 3)));
    for (let c = 0; c < k; c++) {
      const p = Math.exp(load<f64>(zbuf + (<usize>c << 3)) - lse);
      const r = s * (c == yi ? p - 1.0 : p);
      axpyF64(r, row, gradW + <usize>c * rowBytes, d);
      const go = gradB + (<usize>c << 3);
      store<f64>(go, load<f64>(go) + r);
    }
  }
  return loss;
}

/**
 * Linear scores out[i*k+c] = x_i·W_c + b_c for the row-major n×d matrix X and k×d matrix W.
 */
export function linearScores(x: usize, n: i32, d: i32, wm: usize, b: usize, k: i32, out: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    const o = out + ((<usize>i * <usize>k) << 3);
    for (let c = 0; c < k; c++) {
      store<f64>(o + (<usize>c << 3), dotF64(row, wm + <usize>c * rowBytes, d) + load<f64>(b + (<usize>c << 3)));
    }
  }
}

/** In place row-wise softmax of the row-major n×k matrix S. */
export function softmaxRows(sm: usize, n: i32, k: i32): void {
  for (let i = 0; i < n; i++) {
    const o = sm + ((<usize>i * <usize>k) << 3);
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = max(m, load<f64>(o + (<usize>c << 3)));
    let sum = 0.0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(load<f64>(o + (<usize>c << 3)) - m);
      store<f64>(o + (<usize>c << 3), e);
      sum += e;
    }
    const inv = 1.0 / sum;
    for (let c = 0; c < k; c++) store<f64>(o + (<usize>c << 3), load<f64>(o + (<usize>c << 3)) * inv);
  }
}

/** Binary probabilities: out[2i] = 1-σ(s_i), out[2i+1] = σ(s_i) (scikit-learn's column order). */
export function sigmoidPairs(s: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const z = load<f64>(s + (<usize>i << 3));
    const e = Math.exp(-Math.abs(z));
    const inv = 1.0 / (1.0 + e);
    const p = z >= 0.0 ? inv : e * inv;
    const q = z >= 0.0 ? e * inv : inv;
    store<f64>(out + (<usize>i << 4), q);
    store<f64>(out + (<usize>i << 4) + 8, p);
  }
}

/**
 * Binary statistics at margins z (n): r_i = sw_i(σ(z_i) − y_i) (gradient w.r.t. z) and
 * h_i = sw_i σ(z_i)(1 − σ(z_i)) (curvature). Returns Σ sw_i ℓ(z_i, y_i).
 */
export function binaryStats(z: usize, y: usize, sw: usize, n: i32, r: usize, h: usize): f64 {
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const zi = load<f64>(z + o);
    const s = load<f64>(sw + o);
    const yi: f64 = load<i32>(y + (<usize>i << 2)) == 1 ? 1.0 : 0.0;
    const e = Math.exp(-Math.abs(zi));
    loss += s * (Math.log1p(e) + max(zi, 0.0) - yi * zi);
    const p = zi >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    store<f64>(r + o, s * (p - yi));
    store<f64>(h + o, s * p * (1.0 - p));
  }
  return loss;
}

/** Σ sw_i ℓ(z_i + alpha·dz_i, y_i): the binary loss along a search direction. */
export function binaryLossAlong(z: usize, dz: usize, alpha: f64, y: usize, sw: usize, n: i32): f64 {
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const s = load<f64>(sw + o);
    if (s == 0.0) continue;
    const yi: f64 = load<i32>(y + (<usize>i << 2)) == 1 ? 1.0 : 0.0;
    loss += s * binaryLoss(load<f64>(z + o) + alpha * load<f64>(dz + o), yi);
  }
  return loss;
}

/**
 * Softmax statistics for class c given class-major scores Z (k×n): r_i = sw_i(p_ic − [y_i = c]),
 * h_i = sw_i p_ic(1 − p_ic). Returns the full multinomial loss Σ sw_i(lse_i − z_{i,y_i}).
 */
export function softmaxClassStats(zm: usize, n: i32, k: i32, c: i32, y: usize, sw: usize, r: usize, h: usize): f64 {
  const stride = <usize>n << 3;
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const s = load<f64>(sw + o);
    const yi = load<i32>(y + (<usize>i << 2));
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = max(m, load<f64>(zm + <usize>j * stride + o));
    let sum = 0.0;
    for (let j = 0; j < k; j++) sum += Math.exp(load<f64>(zm + <usize>j * stride + o) - m);
    const lse = m + Math.log(sum);
    loss += s * (lse - load<f64>(zm + <usize>yi * stride + o));
    const p = Math.exp(load<f64>(zm + <usize>c * stride + o) - lse);
    store<f64>(r + o, s * (yi == c ? p - 1.0 : p));
    store<f64>(h + o, s * p * (1.0 - p));
  }
  return loss;
}

/** Multinomial loss with class c's scores moved to z_c + alpha·dz (Z class-major k×n). */
export function softmaxLossAlong(zm: usize, n: i32, k: i32, c: i32, dz: usize, alpha: f64, y: usize, sw: usize): f64 {
  const stride = <usize>n << 3;
  let loss = 0.0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const s = load<f64>(sw + o);
    if (s == 0.0) continue;
    const yi = load<i32>(y + (<usize>i << 2));
    const zc = load<f64>(zm + <usize>c * stride + o) + alpha * load<f64>(dz + o);
    let m = zc;
    for (let j = 0; j < k; j++) if (j != c) m = max(m, load<f64>(zm + <usize>j * stride + o));
    let sum = Math.exp(zc - m);
    for (let j = 0; j < k; j++) if (j != c) sum += Math.exp(load<f64>(zm + <usize>j * stride + o) - m);
    const zy = yi == c ? zc : load<f64>(zm + <usize>yi * stride + o);
    loss += s * (m + Math.log(sum) - zy);
  }
  return loss;
}

/** Σ_i a_i b_i c_i over n f64 values (SIMD). */
function dot3(a: usize, b: usize, c: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(f64x2.mul(v128.load(a + o), v128.load(b + o)), v128.load(c + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)), v128.load(c + o, 16)));
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    s += load<f64>(a + o) * load<f64>(b + o) * load<f64>(c + o);
  }
  return s;
}

/** out_j = Σ_i h_i x_ij² for the columns of the column-major n×m matrix Xc (stored as m rows of n). */
export function weightedColumnSquares(xc: usize, n: i32, m: i32, h: usize, out: usize): void {
  const colBytes = <usize>n << 3;
  for (let j = 0; j < m; j++) {
    const col = xc + <usize>j * colBytes;
    store<f64>(out + (<usize>j << 3), dot3(col, col, h, n));
  }
}

/**
 * Coordinate descent on the l1-regularised quadratic model of a newGLMNET outer step:
 *   min_Δ gᵀΔ + ½ΔᵀXcᵀ diag(h) Xc Δ + lambda·Σ_{j<nPen} |w_j + Δ_j|
 * over the m columns of the column-major Xc (m rows of n values). hd holds diag(Xcᵀ diag(h) Xc) (+ a small ridge).
 * Writes Δ into delta (m) and Xc·Δ into dz (n). Stops when the largest |hd_j·step_j| of a sweep is ≤ tol or after
 * maxSweeps sweeps; returns the number of sweeps.
 */
export function cdL1Quadratic(
  xc: usize,
  n: i32,
  m: i32,
  nPen: i32,
  lambda: f64,
  h: usize,
  g: usize,
  w: usize,
  hd: usize,
  delta: usize,
  dz: usize,
  maxSweeps: i32,
  tol: f64,
): i32 {
  const colBytes = <usize>n << 3;
  memory.fill(delta, 0, <usize>m << 3);
  memory.fill(dz, 0, colBytes);
  let sweep = 0;
  while (sweep < maxSweeps) {
    sweep++;
    let maxViol = 0.0;
    for (let j = 0; j < m; j++) {
      const col = xc + <usize>j * colBytes;
      const hj = load<f64>(hd + (<usize>j << 3));
      if (hj <= 0.0) continue;
      const gj = load<f64>(g + (<usize>j << 3)) + dot3(col, h, dz, n);
      const dj = load<f64>(delta + (<usize>j << 3));
      let step: f64;
      if (j < nPen) {
        const u = load<f64>(w + (<usize>j << 3)) + dj;
        if (gj + lambda <= hj * u) step = -(gj + lambda) / hj;
        else if (gj - lambda >= hj * u) step = -(gj - lambda) / hj;
        else step = -u;
      } else {
        step = -gj / hj;
      }
      if (step == 0.0) continue;
      store<f64>(delta + (<usize>j << 3), dj + step);
      axpyF64(step, col, dz, n);
      maxViol = max(maxViol, Math.abs(hj * step));
    }
    if (maxViol <= tol) break;
  }
  return sweep;
}

/**
 * Weighted Gram matrix of [X, 1]: out (m×m, m = d + fitIntercept, full symmetric) = Σ_i h_i x̃_i x̃_iᵀ where
 * x̃_i is row i of the row-major n×d matrix X, extended by a trailing 1 when fitIntercept != 0.
 */
export function weightedGram(x: usize, n: i32, d: i32, fitIntercept: i32, h: usize, out: usize): void {
  const m = d + (fitIntercept != 0 ? 1 : 0);
  const mb = <usize>m << 3;
  const rowBytes = <usize>d << 3;
  memory.fill(out, 0, <usize>m * mb);
  let hs = 0.0;
  for (let i = 0; i < n; i++) {
    const hi = load<f64>(h + (<usize>i << 3));
    if (hi == 0.0) continue;
    const row = x + <usize>i * rowBytes;
    for (let j = 0; j < d; j++) {
      const jo = <usize>j << 3;
      const a = hi * load<f64>(row + jo);
      const dst = out + <usize>j * mb + jo;
      axpyF64(a, row + jo, dst, d - j);
      if (fitIntercept != 0) {
        const o = out + <usize>j * mb + rowBytes;
        store<f64>(o, load<f64>(o) + a);
      }
    }
    hs += hi;
  }
  if (fitIntercept != 0) store<f64>(out + <usize>d * mb + rowBytes, hs);
  for (let j = 0; j < m; j++) {
    for (let l = 0; l < j; l++) {
      store<f64>(out + <usize>j * mb + (<usize>l << 3), load<f64>(out + <usize>l * mb + (<usize>j << 3)));
    }
  }
}

/** g (d [+1]) = Xᵀr for the row-major n×d matrix X, plus Σ r_i as the last entry when fitIntercept != 0. */
export function gradFromResiduals(x: usize, n: i32, d: i32, fitIntercept: i32, r: usize, g: usize): void {
  const rowBytes = <usize>d << 3;
  memory.fill(g, 0, rowBytes);
  let rs = 0.0;
  for (let i = 0; i < n; i++) {
    const ri = load<f64>(r + (<usize>i << 3));
    rs += ri;
    if (ri != 0.0) axpyF64(ri, x + <usize>i * rowBytes, g, d);
  }
  if (fitIntercept != 0) store<f64>(g + rowBytes, rs);
}

/**
 * Coordinate descent on min_Δ gᵀΔ + ½ΔᵀGΔ + lambda·Σ_{j<nPen}|w_j + Δ_j| with an explicit m×m matrix G
 * (see weightedGram). gd is m f64 of scratch (holds GΔ). Stops when a sweep's largest |G_jj·step_j| ≤ tol.
 * Returns the number of sweeps.
 */
export function cdL1Gram(
  gm: usize,
  m: i32,
  nPen: i32,
  lambda: f64,
  g: usize,
  w: usize,
  delta: usize,
  gd: usize,
  maxSweeps: i32,
  tol: f64,
): i32 {
  const mb = <usize>m << 3;
  memory.fill(delta, 0, mb);
  memory.fill(gd, 0, mb);
  let sweep = 0;
  while (sweep < maxSweeps) {
    sweep++;
    let maxViol = 0.0;
    for (let j = 0; j < m; j++) {
      const jo = <usize>j << 3;
      const hj = load<f64>(gm + <usize>j * mb + jo) + 1e-12;
      const gj = load<f64>(g + jo) + load<f64>(gd + jo);
      const dj = load<f64>(delta + jo);
      let step: f64;
      if (j < nPen) {
        const u = load<f64>(w + jo) + dj;
        if (gj + lambda <= hj * u) step = -(gj + lambda) / hj;
        else if (gj - lambda >= hj * u) step = -(gj - lambda) / hj;
        else step = -u;
      } else {
        step = -gj / hj;
      }
      if (step == 0.0) continue;
      store<f64>(delta + jo, dj + step);
      axpyF64(step, gm + <usize>j * mb, gd, m);
      maxViol = max(maxViol, Math.abs(hj * step));
    }
    if (maxViol <= tol) break;
  }
  return sweep;
}

/** out_i = log Σ_c exp(S_ic) for the rows of the row-major n×k matrix S (max-shifted, stable). */
export function logSumExpRows(sm: usize, n: i32, k: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = sm + ((<usize>i * <usize>k) << 3);
    let m = -Infinity;
    for (let c = 0; c < k; c++) m = max(m, load<f64>(o + (<usize>c << 3)));
    let sum = 0.0;
    for (let c = 0; c < k; c++) sum += Math.exp(load<f64>(o + (<usize>c << 3)) - m);
    store<f64>(out + (<usize>i << 3), m == -Infinity ? m : m + Math.log(sum));
  }
}

/** out_i = σ(x_i) = 1 / (1 + exp(−x_i)), computed without overflow for either sign. */
export function sigmoidF64(xs: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<f64>(out + (<usize>i << 3), sigmoid(load<f64>(xs + (<usize>i << 3))));
}
