// Dense BLAS-1/2 kernels for f64 and f32 using WASM SIMD (f64x2 / f32x4) with scalar tails.
// ABI: raw byte pointers into linear memory plus element counts; nothing managed crosses the boundary.

/** Σ a[i]*b[i] over n f64 values. */
export function dotF64(a: usize, b: usize, n: i32): f64 {
  let acc0 = f64x2.splat(0.0);
  let acc1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  acc0 = f64x2.add(acc0, acc1);
  let s = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    s += load<f64>(a + o) * load<f64>(b + o);
  }
  return s;
}

/** Σ a[i]*b[i] over n f32 values (accumulated in f32 lanes). */
export function dotF32(a: usize, b: usize, n: i32): f32 {
  let acc0 = f32x4.splat(0.0);
  let acc1 = f32x4.splat(0.0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    acc0 = f32x4.add(acc0, f32x4.mul(v128.load(a + o), v128.load(b + o)));
    acc1 = f32x4.add(acc1, f32x4.mul(v128.load(a + o, 16), v128.load(b + o, 16)));
  }
  acc0 = f32x4.add(acc0, acc1);
  let s: f32 =
    f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc0, 1) + f32x4.extract_lane(acc0, 2) + f32x4.extract_lane(acc0, 3);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    s += load<f32>(a + o) * load<f32>(b + o);
  }
  return s;
}

/** y[i] += alpha*x[i] over n f64 values. */
export function axpyF64(alpha: f64, x: usize, y: usize, n: i32): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** y[i] += alpha*x[i] over n f32 values. */
export function axpyF32(alpha: f32, x: usize, y: usize, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(va, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

/** x[i] *= alpha over n f64 values. */
export function scalF64(alpha: f64, x: usize, n: i32): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(x + o, alpha * load<f64>(x + o));
  }
}

/** x[i] *= alpha over n f32 values. */
export function scalF32(alpha: f32, x: usize, n: i32): void {
  const va = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(x + o, f32x4.mul(va, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(x + o, alpha * load<f32>(x + o));
  }
}

/**
 * y = alpha*op(A)*x + beta*y for a row-major m×n f64 matrix A.
 * trans == 0: op(A) = A (x has n, y has m); trans != 0: op(A) = Aᵀ (x has m, y has n).
 */
export function gemvF64(trans: i32, m: i32, n: i32, alpha: f64, a: usize, x: usize, beta: f64, y: usize): void {
  const rowBytes = <usize>n << 3;
  if (trans == 0) {
    for (let i = 0; i < m; i++) {
      const yo = y + (<usize>i << 3);
      const d = dotF64(a + <usize>i * rowBytes, x, n);
      store<f64>(yo, beta == 0.0 ? alpha * d : alpha * d + beta * load<f64>(yo));
    }
  } else {
    if (beta == 0.0) {
      memory.fill(y, 0, rowBytes);
    } else if (beta != 1.0) {
      scalF64(beta, y, n);
    }
    for (let i = 0; i < m; i++) {
      const xi = alpha * load<f64>(x + (<usize>i << 3));
      if (xi != 0.0) axpyF64(xi, a + <usize>i * rowBytes, y, n);
    }
  }
}

/** f32 version of {@link gemvF64}. */
export function gemvF32(trans: i32, m: i32, n: i32, alpha: f32, a: usize, x: usize, beta: f32, y: usize): void {
  const rowBytes = <usize>n << 2;
  if (trans == 0) {
    for (let i = 0; i < m; i++) {
      const yo = y + (<usize>i << 2);
      const d = dotF32(a + <usize>i * rowBytes, x, n);
      store<f32>(yo, beta == 0.0 ? alpha * d : alpha * d + beta * load<f32>(yo));
    }
  } else {
    if (beta == 0.0) {
      memory.fill(y, 0, rowBytes);
    } else if (beta != 1.0) {
      scalF32(beta, y, n);
    }
    for (let i = 0; i < m; i++) {
      const xi = alpha * load<f32>(x + (<usize>i << 2));
      if (xi != 0.0) axpyF32(xi, a + <usize>i * rowBytes, y, n);
    }
  }
}

/** Transpose a row-major m×n f64 matrix src into the row-major n×m matrix dst (dst must not alias src). */
export function transposeF64(src: usize, m: i32, n: i32, dst: usize): void {
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = min(i0 + B, m);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = min(j0 + B, n);
      for (let i = i0; i < i1; i++) {
        for (let j = j0; j < j1; j++) {
          store<f64>(dst + ((<usize>j * <usize>m + <usize>i) << 3), load<f64>(src + ((<usize>i * <usize>n + <usize>j) << 3)));
        }
      }
    }
  }
}
