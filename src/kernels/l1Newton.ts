import type { Kernels } from './loadKernels.ts';

/** Problem resident in WASM memory for the l1 solver. Pointers are byte offsets. */
export interface L1Problem {
  /** Row-major n×d design. */
  x: number;
  n: number;
  d: number;
  /** 1 when an intercept column (of ones) is fitted, else 0. */
  fi: number;
  /** Leading coordinates (of m = d + fi) that carry the l1 penalty. */
  nPen: number;
  /** Strength of the l1 penalty relative to the weighted loss. */
  lambda: number;
  /** Class labels (i32, n). */
  y: number;
  /** Per-sample weights (f64, n). */
  sw: number;
  maxIter: number;
  tol: number;
}

/** Result of an l1 fit: row-major coefficients (k × m, intercept last when present). */
export interface L1Result {
  w: Float64Array;
  nIter: number;
  converged: boolean;
}

const SIGMA = 0.01;
const MAX_BACKTRACK = 30;
/** Up to this many coordinates the quadratic model is built as an explicit Gram matrix (one pass over X). */
const GRAM_MAX = 512;
const GRAM_SWEEPS = 1000;
const COLUMN_SWEEPS = 50;

/** Sum over coordinates of the minimum-norm subgradient magnitude, and its max. */
function violation(w: Float64Array, g: Float64Array, nPen: number, lambda: number): [number, number] {
  let sum = 0;
  let mx = 0;
  for (let j = 0; j < w.length; j++) {
    let v: number;
    if (j >= nPen) v = Math.abs(g[j]);
    else if (w[j] > 0) v = Math.abs(g[j] + lambda);
    else if (w[j] < 0) v = Math.abs(g[j] - lambda);
    else v = Math.max(Math.abs(g[j]) - lambda, 0);
    sum += v;
    mx = Math.max(mx, v);
  }
  return [sum, mx];
}

function l1(w: Float64Array, nPen: number, lambda: number, delta?: Float64Array, alpha = 0): number {
  let s = 0;
  for (let j = 0; j < nPen; j++) s += Math.abs(delta ? w[j] + alpha * delta[j] : w[j]);
  return lambda * s;
}

/** Quadratic-model machinery shared by the binary and multinomial drivers. */
class NewtonL1 {
  readonly m: number;
  readonly r: number;
  readonly h: number;
  readonly g: number;
  readonly w: number;
  readonly delta: number;
  readonly dz: number;
  readonly zero: number;
  /** Gram path: m×m matrix and GΔ scratch; column path: column-major copy of [X, 1]. */
  private readonly gram: number;
  private readonly gd: number;
  private readonly xc: number;
  private readonly hd: number;

  constructor(
    private readonly k: Kernels,
    readonly p: L1Problem,
  ) {
    const a = k.arena;
    const m = p.d + p.fi;
    this.m = m;
    this.r = a.alloc(p.n * 8);
    this.h = a.alloc(p.n * 8);
    this.g = a.alloc(m * 8);
    this.w = a.alloc(m * 8);
    this.delta = a.alloc(m * 8);
    this.dz = a.alloc(p.n * 8);
    this.zero = a.alloc(8);
    this.hd = a.alloc(m * 8);
    this.gd = a.alloc(m * 8);
    if (m <= GRAM_MAX) {
      this.gram = a.alloc(m * m * 8);
      this.xc = 0;
    } else {
      this.gram = 0;
      this.xc = a.alloc(m * p.n * 8);
      k.exports.transposeF64(p.x, p.n, p.d, this.xc);
      if (p.fi) a.f64(this.xc + p.d * p.n * 8, p.n).fill(1);
    }
    a.f64(this.zero, 1)[0] = 0;
  }

  /** g = [X, 1]ᵀ r (r already in this.r); returns the subgradient violation (sum, max) at w. */
  gradient(w: Float64Array): [number, number] {
    const { k, p } = this;
    k.exports.gradFromResiduals(p.x, p.n, p.d, p.fi, this.r, this.g);
    return violation(w, k.arena.f64(this.g, this.m), p.nPen, p.lambda);
  }

  /**
   * Solve the l1 quadratic model (curvature this.h) by WASM coordinate descent, write XΔ into dz, then backtrack on
   * the true objective via lossAt(alpha). Returns the accepted step, or undefined when no decrease is possible.
   */
  step(
    w: Float64Array,
    loss: number,
    innerTol: number,
    lossAt: (alpha: number) => number,
  ): { alpha: number; delta: Float64Array } | undefined {
    const { k, p, m } = this;
    const ex = k.exports;
    k.arena.f64(this.w, m).set(w);
    if (this.gram !== 0) {
      ex.weightedGram(p.x, p.n, p.d, p.fi, this.h, this.gram);
      ex.cdL1Gram(this.gram, m, p.nPen, p.lambda, this.g, this.w, this.delta, this.gd, GRAM_SWEEPS, innerTol);
      ex.linearScores(p.x, p.n, p.d, this.delta, p.fi ? this.delta + p.d * 8 : this.zero, 1, this.dz);
    } else {
      ex.weightedColumnSquares(this.xc, p.n, m, this.h, this.hd);
      const hd = k.arena.f64(this.hd, m);
      for (let j = 0; j < m; j++) hd[j] += 1e-12;
      ex.cdL1Quadratic(
        this.xc,
        p.n,
        m,
        p.nPen,
        p.lambda,
        this.h,
        this.g,
        this.w,
        this.hd,
        this.delta,
        this.dz,
        COLUMN_SWEEPS,
        innerTol,
      );
    }
    const delta = k.arena.getF64(this.delta, m);
    const g = k.arena.f64(this.g, m);
    let gd = 0;
    for (let j = 0; j < m; j++) gd += g[j] * delta[j];
    const r0 = l1(w, p.nPen, p.lambda);
    const dq = gd + l1(w, p.nPen, p.lambda, delta, 1) - r0;
    if (!(dq < 0)) return undefined;
    const f0 = loss + r0;
    let alpha = 1;
    for (let t = 0; t < MAX_BACKTRACK; t++) {
      const fa = lossAt(alpha) + l1(w, p.nPen, p.lambda, delta, alpha);
      if (fa - f0 <= SIGMA * alpha * dq) return { alpha, delta };
      alpha *= 0.5;
    }
    return undefined;
  }
}

/** Inner tolerance: a fraction of the current outer violation, tighter on the dense Gram path where sweeps are cheap. */
function innerTol(solver: NewtonL1, vmax: number): number {
  return (solver.m <= GRAM_MAX ? 1e-3 : 0.1) * vmax;
}

/**
 * Binary l1-regularised logistic regression by newGLMNET (Yuan, Ho & Lin 2012): minimises
 * Σ sw_i ℓ(z_i, y_i) + lambda·Σ_{j<nPen}|w_j| with z = Xw + b. Stops when the l1 norm of the minimum-norm
 * subgradient falls to tol × its initial value (liblinear's rule) or when no further decrease is possible.
 */
export function fitBinaryL1(k: Kernels, p: L1Problem, onIter?: (iter: number, f: number) => void): L1Result {
  const ex = k.exports;
  const solver = new NewtonL1(k, p);
  const z = k.arena.alloc(p.n * 8);
  k.arena.f64(z, p.n).fill(0);
  const w = new Float64Array(solver.m);
  let v0 = -1;
  let iter = 0;
  let converged = false;
  while (iter < p.maxIter) {
    const loss = ex.binaryStats(z, p.y, p.sw, p.n, solver.r, solver.h);
    const [v, vmax] = solver.gradient(w);
    if (v0 < 0) v0 = v;
    if (v <= p.tol * v0 || vmax === 0) {
      converged = true;
      break;
    }
    const step = solver.step(w, loss, innerTol(solver, vmax), (a) =>
      ex.binaryLossAlong(z, solver.dz, a, p.y, p.sw, p.n),
    );
    if (step === undefined) {
      converged = true;
      break;
    }
    for (let j = 0; j < solver.m; j++) w[j] += step.alpha * step.delta[j];
    ex.axpyF64(step.alpha, solver.dz, z, p.n);
    iter++;
    onIter?.(iter, ex.binaryLossAlong(z, solver.dz, 0, p.y, p.sw, p.n) + l1(w, p.nPen, p.lambda));
  }
  return { w, nIter: iter, converged };
}

/**
 * Multinomial l1-regularised logistic regression: block coordinate descent over classes, each block a newGLMNET step
 * on the softmax loss with the other classes fixed (as glmnet does). Returns k × m coefficients.
 */
export function fitMultinomialL1(
  k: Kernels,
  p: L1Problem,
  nClasses: number,
  onIter?: (iter: number, f: number) => void,
): L1Result {
  const ex = k.exports;
  const solver = new NewtonL1(k, p);
  const m = solver.m;
  const zm = k.arena.alloc(nClasses * p.n * 8);
  k.arena.f64(zm, nClasses * p.n).fill(0);
  const W = new Float64Array(nClasses * m);
  let v0 = -1;
  let iter = 0;
  let converged = false;
  while (iter < p.maxIter) {
    let vSum = 0;
    let moved = false;
    let loss = 0;
    for (let c = 0; c < nClasses; c++) {
      const wc = W.subarray(c * m, (c + 1) * m);
      loss = ex.softmaxClassStats(zm, p.n, nClasses, c, p.y, p.sw, solver.r, solver.h);
      const [v, vmax] = solver.gradient(wc);
      vSum += v;
      if (vmax === 0) continue;
      const step = solver.step(wc, loss, innerTol(solver, vmax), (a) =>
        ex.softmaxLossAlong(zm, p.n, nClasses, c, solver.dz, a, p.y, p.sw),
      );
      if (step === undefined) continue;
      moved = true;
      for (let j = 0; j < m; j++) wc[j] += step.alpha * step.delta[j];
      ex.axpyF64(step.alpha, solver.dz, zm + c * p.n * 8, p.n);
    }
    if (v0 < 0) v0 = vSum;
    if (vSum <= p.tol * v0 || !moved) {
      converged = true;
      break;
    }
    iter++;
    onIter?.(iter, loss + l1(W, W.length, 0));
  }
  return { w: W, nIter: iter, converged };
}
