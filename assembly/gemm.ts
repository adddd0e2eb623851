// Cache-blocked GEMM, C = alpha·op(A)·op(B) + beta·C, for row-major f32 and f64 matrices (GotoBLAS layout):
// B is packed in KC×NC blocks of NR-wide column panels, A in MC×KC blocks of MR-tall row panels, and a register-blocked
// SIMD micro-kernel (f32: 4×8 with f32x4, f64: 4×4 with f64x2, eight v128 accumulators) multiplies one A panel by
// one B panel. Panels are zero-padded so the micro-kernel always runs full tiles; partial tiles are written back
// through a small scratch tile. op(X) = X when the trans flag is 0, Xᵀ otherwise (handled by the packing routines).
// Scratch: the caller passes `work`, at least gemmF32WorkBytes() / gemmF64WorkBytes() bytes, 16-byte aligned.

// Micro-tile rows. With 15 allocatable xmm registers in V8, 4×(2 v128) accumulators + 2 B vectors + broadcasts is the
// largest tile that compiles without spills (6×8 spilled four accumulators and ran 35% slower).
// MC must be a multiple of MR (packed A panels are zero-padded to MR rows).
const MR: i32 = 4;
const MR32: i32 = MR;
const NR32: i32 = 8;
const NR64: i32 = 4;
const KC32: i32 = 256;
const MC32: i32 = 96;
const NC32: i32 = 1024;
const KC64: i32 = 256;
const MC64: i32 = 96;
const NC64: i32 = 512;

/** Bytes of scratch {@link gemmF32} needs: packed A block, packed B block and one tile. */
export function gemmF32WorkBytes(): i32 {
  return (MC32 * KC32 + KC32 * NC32 + MR32 * NR32) * 4 + 32;
}

/** Bytes of scratch {@link gemmF64} needs. */
export function gemmF64WorkBytes(): i32 {
  return (MC64 * KC64 + KC64 * NC64 + MR * NR64) * 8 + 32;
}

// ------------------------------------------------------------------------------------------------ f32

/** Pack rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into MR-tall panels: dst[panel][p][r]. */
function packAF32(a: usize, lda: i32, transA: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  let d = dst;
  for (let ir = 0; ir < mc; ir += MR32) {
    const mr = min(MR32, mc - ir);
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR32; r++) {
        let v: f32 = 0;
        if (r < mr) {
          const i = <usize>(i0 + ir + r);
          const k = <usize>(p0 + p);
          v = transA == 0 ? load<f32>(a + ((i * <usize>lda + k) << 2)) : load<f32>(a + ((k * <usize>lda + i) << 2));
        }
        store<f32>(d, v);
        d += 4;
      }
    }
  }
}

/** Pack depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into NR-wide panels: dst[panel][p][c]. */
function packBF32(b: usize, ldb: i32, transB: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  let d = dst;
  for (let jr = 0; jr < nc; jr += NR32) {
    const nr = min(NR32, nc - jr);
    for (let p = 0; p < kc; p++) {
      const k = <usize>(p0 + p);
      if (transB == 0 && nr == NR32) {
        const src = b + ((k * <usize>ldb + <usize>(j0 + jr)) << 2);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        for (let c = 0; c < NR32; c++) {
          let v: f32 = 0;
          if (c < nr) {
            const j = <usize>(j0 + jr + c);
            v = transB == 0 ? load<f32>(b + ((k * <usize>ldb + j) << 2)) : load<f32>(b + ((j * <usize>ldb + k) << 2));
          }
          store<f32>(d + (<usize>c << 2), v);
        }
      }
      d += NR32 << 2;
    }
  }
}

/** C[4×8 tile] += alpha · Apanel·Bpanel over kc; partial tiles (mr×nr) go through `tile`. */
function microF32(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, alpha: f32, mr: i32, nr: i32, tile: usize): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let a = pa;
  let b = pb;
  const end = pb + ((<usize>kc * NR32) << 2);
  const endU = pb + ((<usize>(kc - kc % 1) * NR32) << 2);
  while (b < endU) {
    const b00 = v128.load(b, 0);
    const b10 = v128.load(b, 16);
    const x00 = v128.load32_splat(a, 0);
    c00 = f32x4.add(c00, f32x4.mul(x00, b00));
    c01 = f32x4.add(c01, f32x4.mul(x00, b10));
    const x10 = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x10, b00));
    c11 = f32x4.add(c11, f32x4.mul(x10, b10));
    const x20 = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x20, b00));
    c21 = f32x4.add(c21, f32x4.mul(x20, b10));
    const x30 = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x30, b00));
    c31 = f32x4.add(c31, f32x4.mul(x30, b10));
    a += (MR32 * 1) << 2;
    b += (NR32 * 1) << 2;
  }
  const va = f32x4.splat(alpha);
  const full = mr == MR32 && nr == NR32;
  const dst = full ? c : tile;
  const ld: usize = full ? ldc << 2 : NR32 << 2;
  if (full) {
    v128.store(dst, f32x4.add(v128.load(dst), f32x4.mul(va, c00)));
    v128.store(dst, f32x4.add(v128.load(dst, 16), f32x4.mul(va, c01)), 16);
    v128.store(dst + ld, f32x4.add(v128.load(dst + ld), f32x4.mul(va, c10)));
    v128.store(dst + ld, f32x4.add(v128.load(dst + ld, 16), f32x4.mul(va, c11)), 16);
    v128.store(dst + 2 * ld, f32x4.add(v128.load(dst + 2 * ld), f32x4.mul(va, c20)));
    v128.store(dst + 2 * ld, f32x4.add(v128.load(dst + 2 * ld, 16), f32x4.mul(va, c21)), 16);
    v128.store(dst + 3 * ld, f32x4.add(v128.load(dst + 3 * ld), f32x4.mul(va, c30)));
    v128.store(dst + 3 * ld, f32x4.add(v128.load(dst + 3 * ld, 16), f32x4.mul(va, c31)), 16);
    return;
  }
  v128.store(dst, f32x4.mul(va, c00));
  v128.store(dst, f32x4.mul(va, c01), 16);
  v128.store(dst + ld, f32x4.mul(va, c10));
  v128.store(dst + ld, f32x4.mul(va, c11), 16);
  v128.store(dst + 2 * ld, f32x4.mul(va, c20));
  v128.store(dst + 2 * ld, f32x4.mul(va, c21), 16);
  v128.store(dst + 3 * ld, f32x4.mul(va, c30));
  v128.store(dst + 3 * ld, f32x4.mul(va, c31), 16);
  for (let r = 0; r < mr; r++) {
    const row = c + ((<usize>r * ldc) << 2);
    for (let q = 0; q < nr; q++) {
      const o = row + (<usize>q << 2);
      store<f32>(o, load<f32>(o) + load<f32>(tile + ((<usize>(r * NR32 + q)) << 2)));
    }
  }
}

/** Scale the m×n block of C (leading dimension ldc) by beta (zero-fill when beta == 0). */
function scaleCF32(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  if (beta == 1) return;
  for (let i = 0; i < m; i++) {
    const row = c + ((<usize>i * <usize>ldc) << 2);
    if (beta == 0) memory.fill(row, 0, <usize>n << 2);
    else {
      for (let j = 0; j < n; j++) {
        const o = row + (<usize>j << 2);
        store<f32>(o, beta * load<f32>(o));
      }
    }
  }
}

/**
 * C (m×n, leading dimension ldc) = alpha·op(A)·op(B) + beta·C in f32, where op(A) is m×k and op(B) is k×n.
 * A is stored row-major with leading dimension lda (m×k, or k×m when transA != 0); likewise B (k×n, or n×k).
 */
export function gemmF32(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  scaleCF32(m, n, beta, c, ldc);
  if (alpha == 0 || k == 0) return;
  const base = (work + 15) & ~(<usize>15);
  const packA = base;
  const packB = packA + ((<usize>MC32 * KC32) << 2);
  const tile = packB + ((<usize>KC32 * NC32) << 2);
  for (let jc = 0; jc < n; jc += NC32) {
    const nc = min(NC32, n - jc);
    for (let pc = 0; pc < k; pc += KC32) {
      const kc = min(KC32, k - pc);
      packBF32(b, ldb, transB, pc, kc, jc, nc, packB);
      for (let ic = 0; ic < m; ic += MC32) {
        const mc = min(MC32, m - ic);
        packAF32(a, lda, transA, ic, mc, pc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR32) {
          const nr = min(NR32, nc - jr);
          const pb = packB + ((<usize>jr * <usize>kc) << 2);
          for (let ir = 0; ir < mc; ir += MR32) {
            const mr = min(MR32, mc - ir);
            const pa = packA + ((<usize>ir * <usize>kc) << 2);
            const cp = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 2);
            microF32(kc, pa, pb, cp, <usize>ldc, alpha, mr, nr, tile);
          }
        }
      }
    }
  }
}

// ------------------------------------------------------------------------------------------------ f64

function packAF64(a: usize, lda: i32, transA: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  let d = dst;
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        let v: f64 = 0;
        if (r < mr) {
          const i = <usize>(i0 + ir + r);
          const k = <usize>(p0 + p);
          v = transA == 0 ? load<f64>(a + ((i * <usize>lda + k) << 3)) : load<f64>(a + ((k * <usize>lda + i) << 3));
        }
        store<f64>(d, v);
        d += 8;
      }
    }
  }
}

function packBF64(b: usize, ldb: i32, transB: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  let d = dst;
  for (let jr = 0; jr < nc; jr += NR64) {
    const nr = min(NR64, nc - jr);
    for (let p = 0; p < kc; p++) {
      const k = <usize>(p0 + p);
      if (transB == 0 && nr == NR64) {
        const src = b + ((k * <usize>ldb + <usize>(j0 + jr)) << 3);
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
      } else {
        for (let c = 0; c < NR64; c++) {
          let v: f64 = 0;
          if (c < nr) {
            const j = <usize>(j0 + jr + c);
            v = transB == 0 ? load<f64>(b + ((k * <usize>ldb + j) << 3)) : load<f64>(b + ((j * <usize>ldb + k) << 3));
          }
          store<f64>(d + (<usize>c << 3), v);
        }
      }
      d += NR64 << 3;
    }
  }
}

function microF64(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, alpha: f64, mr: i32, nr: i32, tile: usize): void {
  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);
  let a = pa;
  let b = pb;
  const end = pb + ((<usize>kc * NR64) << 3);
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const x0 = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x0, b0));
    c01 = f64x2.add(c01, f64x2.mul(x0, b1));
    const x1 = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x1, b0));
    c11 = f64x2.add(c11, f64x2.mul(x1, b1));
    const x2 = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x2, b0));
    c21 = f64x2.add(c21, f64x2.mul(x2, b1));
    const x3 = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x3, b0));
    c31 = f64x2.add(c31, f64x2.mul(x3, b1));
    a += MR << 3;
    b += NR64 << 3;
  }
  const va = f64x2.splat(alpha);
  const full = mr == MR && nr == NR64;
  const dst = full ? c : tile;
  const ld: usize = full ? ldc << 3 : NR64 << 3;
  if (full) {
    v128.store(dst, f64x2.add(v128.load(dst), f64x2.mul(va, c00)));
    v128.store(dst, f64x2.add(v128.load(dst, 16), f64x2.mul(va, c01)), 16);
    v128.store(dst + ld, f64x2.add(v128.load(dst + ld), f64x2.mul(va, c10)));
    v128.store(dst + ld, f64x2.add(v128.load(dst + ld, 16), f64x2.mul(va, c11)), 16);
    v128.store(dst + 2 * ld, f64x2.add(v128.load(dst + 2 * ld), f64x2.mul(va, c20)));
    v128.store(dst + 2 * ld, f64x2.add(v128.load(dst + 2 * ld, 16), f64x2.mul(va, c21)), 16);
    v128.store(dst + 3 * ld, f64x2.add(v128.load(dst + 3 * ld), f64x2.mul(va, c30)));
    v128.store(dst + 3 * ld, f64x2.add(v128.load(dst + 3 * ld, 16), f64x2.mul(va, c31)), 16);
    return;
  }
  v128.store(dst, f64x2.mul(va, c00));
  v128.store(dst, f64x2.mul(va, c01), 16);
  v128.store(dst + ld, f64x2.mul(va, c10));
  v128.store(dst + ld, f64x2.mul(va, c11), 16);
  v128.store(dst + 2 * ld, f64x2.mul(va, c20));
  v128.store(dst + 2 * ld, f64x2.mul(va, c21), 16);
  v128.store(dst + 3 * ld, f64x2.mul(va, c30));
  v128.store(dst + 3 * ld, f64x2.mul(va, c31), 16);
  for (let r = 0; r < mr; r++) {
    const row = c + ((<usize>r * ldc) << 3);
    for (let q = 0; q < nr; q++) {
      const o = row + (<usize>q << 3);
      store<f64>(o, load<f64>(o) + load<f64>(tile + ((<usize>(r * NR64 + q)) << 3)));
    }
  }
}

function scaleCF64(m: i32, n: i32, beta: f64, c: usize, ldc: i32): void {
  if (beta == 1) return;
  for (let i = 0; i < m; i++) {
    const row = c + ((<usize>i * <usize>ldc) << 3);
    if (beta == 0) memory.fill(row, 0, <usize>n << 3);
    else {
      for (let j = 0; j < n; j++) {
        const o = row + (<usize>j << 3);
        store<f64>(o, beta * load<f64>(o));
      }
    }
  }
}

/** f64 version of {@link gemmF32}. */
export function gemmF64(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  scaleCF64(m, n, beta, c, ldc);
  if (alpha == 0 || k == 0) return;
  const base = (work + 15) & ~(<usize>15);
  const packA = base;
  const packB = packA + ((<usize>MC64 * KC64) << 3);
  const tile = packB + ((<usize>KC64 * NC64) << 3);
  for (let jc = 0; jc < n; jc += NC64) {
    const nc = min(NC64, n - jc);
    for (let pc = 0; pc < k; pc += KC64) {
      const kc = min(KC64, k - pc);
      packBF64(b, ldb, transB, pc, kc, jc, nc, packB);
      for (let ic = 0; ic < m; ic += MC64) {
        const mc = min(MC64, m - ic);
        packAF64(a, lda, transA, ic, mc, pc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR64) {
          const nr = min(NR64, nc - jr);
          const pb = packB + ((<usize>jr * <usize>kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = packA + ((<usize>ir * <usize>kc) << 3);
            const cp = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 3);
            microF64(kc, pa, pb, cp, <usize>ldc, alpha, mr, nr, tile);
          }
        }
      }
    }
  }
}
