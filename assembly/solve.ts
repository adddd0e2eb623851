// Small dense symmetric solvers for the normal equations and covariance matrices (row-major f64, in place):
// Cholesky factorisation with triangular solves, and the cyclic Jacobi eigenvalue method.

/**
 * In place Cholesky factorisation A = L·Lᵀ of the symmetric positive-definite m×m matrix A (lower triangle read,
 * L written to the lower triangle). Returns 0 on success, or j+1 when the leading minor of order j+1 is not positive.
 */
export function choleskyF64(a: usize, m: i32): i32 {
  const rb = <usize>m << 3;
  for (let j = 0; j < m; j++) {
    const rowJ = a + <usize>j * rb;
    let s = load<f64>(rowJ + (<usize>j << 3));
    for (let p = 0; p < j; p++) {
      const v = load<f64>(rowJ + (<usize>p << 3));
      s -= v * v;
    }
    if (!(s > 0.0)) return j + 1;
    const ljj = Math.sqrt(s);
    store<f64>(rowJ + (<usize>j << 3), ljj);
    for (let i = j + 1; i < m; i++) {
      const rowI = a + <usize>i * rb;
      let t = load<f64>(rowI + (<usize>j << 3));
      for (let p = 0; p < j; p++) t -= load<f64>(rowI + (<usize>p << 3)) * load<f64>(rowJ + (<usize>p << 3));
      store<f64>(rowI + (<usize>j << 3), t / ljj);
    }
  }
  return 0;
}

/**
 * Solve L·Lᵀ·X = B in place for the m×r right-hand sides B (row-major, overwritten by X), with L from
 * {@link choleskyF64}.
 */
export function choleskySolveF64(l: usize, m: i32, b: usize, r: i32): void {
  const rb = <usize>m << 3;
  const bb = <usize>r << 3;
  for (let c = 0; c < r; c++) {
    const col = b + (<usize>c << 3);
    for (let i = 0; i < m; i++) {
      let t = load<f64>(col + <usize>i * bb);
      for (let p = 0; p < i; p++) t -= load<f64>(l + <usize>i * rb + (<usize>p << 3)) * load<f64>(col + <usize>p * bb);
      store<f64>(col + <usize>i * bb, t / load<f64>(l + <usize>i * rb + (<usize>i << 3)));
    }
    for (let i = m - 1; i >= 0; i--) {
      let t = load<f64>(col + <usize>i * bb);
      for (let p = i + 1; p < m; p++) t -= load<f64>(l + <usize>p * rb + (<usize>i << 3)) * load<f64>(col + <usize>p * bb);
      store<f64>(col + <usize>i * bb, t / load<f64>(l + <usize>i * rb + (<usize>i << 3)));
    }
  }
}

/**
 * Eigen-decomposition of the symmetric m×m matrix A by cyclic Jacobi rotations: on return the diagonal of A holds the
 * eigenvalues (unsorted) and the columns of V (m×m, row-major) the matching orthonormal eigenvectors. Stops when the
 * off-diagonal norm falls below `tol`·‖A‖_F or after `maxSweeps` sweeps; returns the number of sweeps run.
 */
export function jacobiEigenF64(a: usize, m: i32, v: usize, maxSweeps: i32, tol: f64): i32 {
  const rb = <usize>m << 3;
  memory.fill(v, 0, <usize>m * rb);
  let total = 0.0;
  for (let i = 0; i < m; i++) {
    store<f64>(v + <usize>i * rb + (<usize>i << 3), 1.0);
    for (let j = 0; j < m; j++) {
      const x = load<f64>(a + <usize>i * rb + (<usize>j << 3));
      total += x * x;
    }
  }
  const stop = tol * tol * total;
  let sweep = 0;
  while (sweep < maxSweeps) {
    let off = 0.0;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const x = load<f64>(a + <usize>p * rb + (<usize>q << 3));
        off += x * x;
      }
    }
    if (2.0 * off <= stop) break;
    sweep++;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) rotate(a, v, m, p, q);
    }
  }
  return sweep;
}

/** One Jacobi rotation annihilating A[p][q] (Rutishauser's stable formulas); accumulates it into V. */
function rotate(a: usize, v: usize, m: i32, p: i32, q: i32): void {
  const rb = <usize>m << 3;
  const po = <usize>p << 3;
  const qo = <usize>q << 3;
  const apq = load<f64>(a + <usize>p * rb + qo);
  if (apq == 0.0) return;
  const app = load<f64>(a + <usize>p * rb + po);
  const aqq = load<f64>(a + <usize>q * rb + qo);
  const theta = (aqq - app) / (2.0 * apq);
  const t = (theta >= 0.0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
  const c = 1.0 / Math.sqrt(t * t + 1.0);
  const s = t * c;
  for (let k = 0; k < m; k++) {
    const akp = load<f64>(a + <usize>k * rb + po);
    const akq = load<f64>(a + <usize>k * rb + qo);
    store<f64>(a + <usize>k * rb + po, c * akp - s * akq);
    store<f64>(a + <usize>k * rb + qo, s * akp + c * akq);
  }
  for (let k = 0; k < m; k++) {
    const ko = <usize>k << 3;
    const apk = load<f64>(a + <usize>p * rb + ko);
    const aqk = load<f64>(a + <usize>q * rb + ko);
    store<f64>(a + <usize>p * rb + ko, c * apk - s * aqk);
    store<f64>(a + <usize>q * rb + ko, s * apk + c * aqk);
  }
  store<f64>(a + <usize>p * rb + qo, 0.0);
  store<f64>(a + <usize>q * rb + po, 0.0);
  for (let k = 0; k < m; k++) {
    const row = v + <usize>k * rb;
    const vkp = load<f64>(row + po);
    const vkq = load<f64>(row + qo);
    store<f64>(row + po, c * vkp - s * vkq);
    store<f64>(row + qo, s * vkp + c * vkq);
  }
}
