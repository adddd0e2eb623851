// Least squares by Householder QR and one-sided Jacobi SVD, for LinearRegression and Ridge (row-major f64).
// ABI: raw byte pointers into linear memory plus element counts; a pointer argument of 0 means "absent".
//
// The design matrix is never squared: R (d×d) and c = Qᵀy come from Householder reflections of row blocks
// ([R; block] is re-triangularised block after block, so every reflection works on data in cache), and the small
// R is then diagonalised by one-sided Jacobi rotations, which keeps singular values as accurate as the backward
// error of the QR (about ε·‖X‖), the accuracy numpy's `lstsq` (LAPACK gelsd) has.

import { axpyF64, dotF64, scalF64 } from './linalg';

/**
 * max |x[i]| over n f64 values. NaN when a value is NaN and +Inf when one is infinite, so the same pass checks
 * that the data are finite.
 */
export function maxAbsF64(x: usize, n: i32): f64 {
  let m0 = f64x2.splat(0.0);
  let m1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    m0 = f64x2.max(m0, f64x2.abs(v128.load(x + o)));
    m1 = f64x2.max(m1, f64x2.abs(v128.load(x + o, 16)));
  }
  m0 = f64x2.max(m0, m1);
  let m = Math.max(f64x2.extract_lane(m0, 0), f64x2.extract_lane(m0, 1));
  for (; i < n; i++) m = Math.max(m, Math.abs(load<f64>(x + (<usize>i << 3))));
  return m;
}

/**
 * Column means of the row-major n×d matrix x, weighted when `w` is not 0: out[j] = Σ_i w_i·x_ij / Σ_i w_i
 * (numpy's `average(X, axis=0, weights=w)`), else Σ_i x_ij / n. Returns the total weight (n when unweighted).
 */
export function weightedColMeanF64(x: usize, n: i32, d: i32, w: usize, out: usize): f64 {
  const rowBytes = <usize>d << 3;
  memory.fill(out, 0, rowBytes);
  let total = 0.0;
  for (let i = 0; i < n; i++) {
    const wi = w == 0 ? 1.0 : load<f64>(w + (<usize>i << 3));
    total += wi;
    if (wi != 0.0) axpyF64(wi, x + <usize>i * rowBytes, out, d);
  }
  if (total != 0.0) scalF64(1.0 / total, out, d);
  return total;
}

/**
 * In place x_ij ← (x_ij − mean_j)·s_i over the row-major n×d matrix x: `mean` (d values) or `s` (n values, the
 * square roots of the sample weights) may be 0 to skip that part. This is scikit-learn's centering followed by its
 * `_rescale_data`.
 */
export function centerScaleRowsF64(x: usize, n: i32, d: i32, mean: usize, s: usize): void {
  const rowBytes = <usize>d << 3;
  for (let i = 0; i < n; i++) {
    const row = x + <usize>i * rowBytes;
    if (mean != 0) axpyF64(-1.0, mean, row, d);
    if (s != 0) scalF64(load<f64>(s + (<usize>i << 3)), row, d);
  }
}

/**
 * Householder QR of the augmented n×(d+t) matrix [sx·X | sy·Y] (X row-major n×d, Y row-major n×t), keeping only
 * the triangle: on return the row-major d×(d+t) matrix `r` holds R (upper triangular, first d columns) and
 * c = (Qᵀ·sy·Y)[0:d] (last t columns). The rows are taken `blockRows` at a time into `block` (blockRows·(d+t)
 * f64, column-major) and each block is folded into R by d reflections that touch only R's diagonal row and the
 * block. `sx` and `sy` are exact scale factors (powers of two) that keep the squares in range.
 */
export function qrAccumulateF64(
  x: usize,
  n: i32,
  d: i32,
  y: usize,
  t: i32,
  sx: f64,
  sy: f64,
  r: usize,
  block: usize,
  blockRows: i32,
): void {
  const m = d + t;
  const rRow = <usize>m << 3;
  memory.fill(r, 0, <usize>d * rRow);
  for (let start = 0; start < n; start += blockRows) {
    const b = min(blockRows, n - start);
    const colBytes = <usize>b << 3;
    loadBlock(x, d, sx, start, b, block, 0);
    loadBlock(y, t, sy, start, b, block, d);
    // Reflections two at a time: H_{j+1}·H_j is applied to each later column in two passes over it, not four.
    for (let j = 0; j < d; j += 2) {
      const v1 = block + <usize>j * colBytes;
      const tau1 = reflect(r, rRow, v1, b, j);
      if (j + 1 == d) {
        for (let k = j + 1; k < m; k++) applyOne(tau1, r + <usize>j * rRow + (<usize>k << 3), v1, block + <usize>k * colBytes, b);
        break;
      }
      const v2 = block + <usize>(j + 1) * colBytes;
      applyOne(tau1, r + <usize>j * rRow + (<usize>(j + 1) << 3), v1, v2, b);
      const tau2 = reflect(r, rRow, v2, b, j + 1);
      if (tau1 == 0.0 && tau2 == 0.0) continue;
      const v21 = dotF64(v2, v1, b);
      for (let k = j + 2; k < m; k++) {
        const bk = block + <usize>k * colBytes;
        const r1 = r + <usize>j * rRow + (<usize>k << 3);
        const r2 = r1 + rRow;
        dot2(v1, v2, bk, b);
        const c1 = tau1 * (load<f64>(r1) + dotA);
        const c2 = tau2 * (load<f64>(r2) + dotB - c1 * v21);
        store<f64>(r1, load<f64>(r1) - c1);
        store<f64>(r2, load<f64>(r2) - c2);
        axpy2(c1, v1, c2, v2, bk, b);
      }
    }
  }
}

/**
 * The Householder reflection H = I − τ·v·vᵀ that zeroes the block column at `v` (b values) against R[j][j]:
 * R[j][j] becomes β, the column becomes v's tail (v's head, on R's row j, is 1). Returns τ, 0 when H = I.
 */
function reflect(r: usize, rRow: usize, v: usize, b: i32, j: i32): f64 {
  const tailSq = dotF64(v, v, b);
  if (tailSq == 0.0) return 0.0; // the column below R's diagonal is already zero
  const diag = r + <usize>j * rRow + (<usize>j << 3);
  const alpha = load<f64>(diag);
  const norm = Math.sqrt(alpha * alpha + tailSq);
  const beta = alpha >= 0.0 ? -norm : norm;
  scalF64(1.0 / (alpha - beta), v, b);
  store<f64>(diag, beta);
  return (beta - alpha) / beta;
}

/** Applies H = I − τ·v·vᵀ (head 1 at `rjk`, tail at `v`) to the column made of R's entry `rjk` and `x`. */
function applyOne(tau: f64, rjk: usize, v: usize, x: usize, b: i32): void {
  if (tau == 0.0) return;
  const tw = tau * (load<f64>(rjk) + dotF64(v, x, b));
  store<f64>(rjk, load<f64>(rjk) - tw);
  axpyF64(-tw, v, x, b);
}

let dotA = 0.0;
let dotB = 0.0;

/** dotA = v1·x and dotB = v2·x over n f64 values, in one pass. */
function dot2(v1: usize, v2: usize, x: usize, n: i32): void {
  let a = f64x2.splat(0.0);
  let c = f64x2.splat(0.0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const xv = v128.load(x + o);
    a = f64x2.add(a, f64x2.mul(v128.load(v1 + o), xv));
    c = f64x2.add(c, f64x2.mul(v128.load(v2 + o), xv));
  }
  let sa = f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
  let sc = f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const xv = load<f64>(x + o);
    sa += load<f64>(v1 + o) * xv;
    sc += load<f64>(v2 + o) * xv;
  }
  dotA = sa;
  dotB = sc;
}

/** x −= c1·v1 + c2·v2 over n f64 values, in one pass. */
function axpy2(c1: f64, v1: usize, c2: f64, v2: usize, x: usize, n: i32): void {
  const a = f64x2.splat(c1);
  const c = f64x2.splat(c2);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const upd = f64x2.add(f64x2.mul(a, v128.load(v1 + o)), f64x2.mul(c, v128.load(v2 + o)));
    v128.store(x + o, f64x2.sub(v128.load(x + o), upd));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, load<f64>(x + o) - (c1 * load<f64>(v1 + o) + c2 * load<f64>(v2 + o)));
  }
}

/** Copies rows [start, start+b) of the row-major n×cols matrix src, times `scale`, into block columns col0.. . */
function loadBlock(src: usize, cols: i32, scale: f64, start: i32, b: i32, block: usize, col0: i32): void {
  const colBytes = <usize>b << 3;
  for (let i = 0; i < b; i++) {
    const row = src + <usize>(start + i) * (<usize>cols << 3);
    const dst = block + <usize>col0 * colBytes + (<usize>i << 3);
    for (let j = 0; j < cols; j++) store<f64>(dst + <usize>j * colBytes, scale * load<f64>(row + (<usize>j << 3)));
  }
}

/**
 * One-sided Jacobi SVD of the row-major m×len matrix A: plane rotations of row pairs until every pair is
 * orthogonal to `tol` (|a_p·a_q| ≤ tol·‖a_p‖·‖a_q‖). On return the rows of `a` are w_i = σ_i·u_iᵀ (mutually
 * orthogonal, ‖w_i‖ = σ_i, unsorted) and the rows of the m×m `v` the orthonormal g_i with A = Σ_i g_i·w_iᵀ:
 * g_i are A's left singular vectors and u_i its right ones. Returns the sweeps run, or −1 when `maxSweeps`
 * sweeps did not converge.
 */
export function jacobiSvdRowsF64(a: usize, m: i32, len: i32, v: usize, maxSweeps: i32, tol: f64): i32 {
  const rowA = <usize>len << 3;
  const rowV = <usize>m << 3;
  memory.fill(v, 0, <usize>m * rowV);
  for (let i = 0; i < m; i++) store<f64>(v + <usize>i * rowV + (<usize>i << 3), 1.0);
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < m - 1; p++) {
      const ap = a + <usize>p * rowA;
      for (let q = p + 1; q < m; q++) {
        const aq = a + <usize>q * rowA;
        const gamma = dotF64(ap, aq, len);
        if (gamma == 0.0) continue;
        const alpha = dotF64(ap, ap, len);
        const beta = dotF64(aq, aq, len);
        if (Math.abs(gamma) <= tol * Math.sqrt(alpha) * Math.sqrt(beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2.0 * gamma);
        // The smaller root of t² + 2ζt − 1 = 0 (Rutishauser); 1/(2ζ) once ζ² would overflow.
        const t =
          Math.abs(zeta) > 1e150 ? 0.5 / zeta : (zeta >= 0.0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1.0 + zeta * zeta));
        const c = 1.0 / Math.sqrt(1.0 + t * t);
        const s = c * t;
        rotateRows(ap, aq, len, c, s);
        rotateRows(v + <usize>p * rowV, v + <usize>q * rowV, m, c, s);
      }
    }
    if (!rotated) return sweep;
  }
  return -1;
}

/** x ← c·x − s·y, y ← s·x + c·y over n f64 values. */
function rotateRows(x: usize, y: usize, n: i32, c: f64, s: f64): void {
  const vc = f64x2.splat(c);
  const vs = f64x2.splat(s);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const a = v128.load(x + o);
    const b = v128.load(y + o);
    v128.store(x + o, f64x2.sub(f64x2.mul(vc, a), f64x2.mul(vs, b)));
    v128.store(y + o, f64x2.add(f64x2.mul(vs, a), f64x2.mul(vc, b)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const a = load<f64>(x + o);
    const b = load<f64>(y + o);
    store<f64>(x + o, c * a - s * b);
    store<f64>(y + o, s * a + c * b);
  }
}
