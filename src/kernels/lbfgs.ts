import { MoreThuente } from './moreThuente.ts';

/** Objective callback: writes the gradient at x into g and returns f(x). */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

/** L-BFGS settings; the defaults are scipy's `L-BFGS-B` defaults (what scikit-learn 1.2's `lbfgs` solver uses). */
export interface LbfgsOptions {
  /** Iterations (scipy `maxiter`); reaching it stops the fit unconverged, as scipy reports it. */
  maxIter: number;
  /** Stop when max|g_i| ≤ gtol (scipy `gtol`, L-BFGS-B `pgtol`). */
  gtol: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol (scipy default: 2.22e-9, i.e. factr 1e7). */
  ftol?: number;
  /** Number of correction pairs (scipy `maxcor`: 10). */
  m?: number;
  /** Maximum function evaluations per line search (scipy `maxls`: 20). */
  maxLs?: number;
}

/** How an L-BFGS run ended. */
export type LbfgsStop =
  | 'gtol'
  | 'ftol'
  | 'maxIter'
  /** The line search failed with an empty memory (scipy: ABNORMAL_TERMINATION_IN_LNSRCH). */
  | 'lineSearch'
  /** The objective was not finite at the start. */
  | 'nonFinite';

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Iterations completed (scipy's `nit`). */
  nIter: number;
  /** True when stopped by `gtol` or `ftol` (scipy's `success`). */
  converged: boolean;
  stop: LbfgsStop;
}

const EPS = 2.220446049250313e-16;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Correction pairs (s, y) and the L-BFGS two-loop product −H·g with H₀ = I/θ, θ = yᵀy / sᵀy of the newest pair. */
class LbfgsMemory {
  private readonly S: Float64Array[] = [];
  private readonly Y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private readonly alpha: Float64Array;
  theta = 1;

  constructor(private readonly m: number) {
    this.alpha = new Float64Array(m);
  }

  get size(): number {
    return this.S.length;
  }

  clear(): void {
    this.S.length = 0;
    this.Y.length = 0;
    this.rho.length = 0;
    this.theta = 1;
  }

  push(s: Float64Array, y: Float64Array, sy: number, yy: number): void {
    if (this.S.length === this.m) {
      this.S.shift();
      this.Y.shift();
      this.rho.shift();
    }
    this.S.push(s);
    this.Y.push(y);
    this.rho.push(1 / sy);
    this.theta = yy / sy;
  }

  /** Writes −H·g into p. */
  direction(g: Float64Array, p: Float64Array): void {
    const n = g.length;
    p.set(g);
    for (let i = this.S.length - 1; i >= 0; i--) {
      const a = this.rho[i] * dot(this.S[i], p);
      this.alpha[i] = a;
      const yi = this.Y[i];
      for (let j = 0; j < n; j++) p[j] -= a * yi[j];
    }
    const h0 = 1 / this.theta;
    for (let j = 0; j < n; j++) p[j] *= h0;
    for (let i = 0; i < this.S.length; i++) {
      const beta = this.rho[i] * dot(this.Y[i], p);
      const si = this.S[i];
      const c = this.alpha[i] - beta;
      for (let j = 0; j < n; j++) p[j] += si[j] * c;
    }
    for (let j = 0; j < n; j++) p[j] = -p[j];
  }
}

/**
 * Unconstrained L-BFGS following L-BFGS-B 3.0 as scipy runs it (and so scikit-learn 1.2's `lbfgs` solver): the
 * MINPACK-2 Moré–Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1; first step 1/‖g‖, then 1), the same update-skip
 * rule (sᵀy ≤ ε·(−gᵀs)), memory refresh when a line search fails, and the same stopping tests in the same order:
 * `maxIter` first (scipy checks it as each new iterate arrives), then the projected gradient, then the relative
 * reduction of f. The heavy work lives in `fg`.
 * @param onIter - called after each iteration with its number and objective value.
 */
export function minimizeLbfgs(
  fg: ObjectiveFn,
  x0: Float64Array,
  opts: LbfgsOptions,
  onIter?: (iter: number, f: number) => void,
): LbfgsResult {
  const n = x0.length;
  const ftol = opts.ftol ?? 2.220446049250313e-9;
  const maxLs = opts.maxLs ?? 20;
  const memory = new LbfgsMemory(opts.m ?? 10);
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let xt = new Float64Array(n);
  let gt = new Float64Array(n);
  const d = new Float64Array(n);
  if (!Number.isFinite(f)) return { x, f, nIter: 0, converged: false, stop: 'nonFinite' };
  if (maxAbs(g) <= opts.gtol) return { x, f, nIter: 0, converged: true, stop: 'gtol' };
  if (opts.maxIter <= 0) return { x, f, nIter: 0, converged: false, stop: 'maxIter' };

  const search = new MoreThuente();
  let iter = 0;
  for (;;) {
    // Direction: −g/θ with an empty memory (L-BFGS-B's Cauchy point), else the two-loop quasi-Newton step.
    if (memory.size === 0) {
      const h0 = 1 / memory.theta;
      for (let j = 0; j < n; j++) d[j] = -g[j] * h0;
    } else {
      memory.direction(g, d);
    }
    const gdOld = dot(g, d);
    let ok = gdOld < 0;
    let stp = 1;
    let gdNew = 0;
    let fNew = f;
    if (ok) {
      stp = iter === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), 1e10) : 1;
      search.start(f, gdOld, stp);
      ok = false;
      for (let evals = 0; evals < maxLs; evals++) {
        stp = search.stp;
        for (let j = 0; j < n; j++) xt[j] = x[j] + stp * d[j];
        fNew = fg(xt, gt);
        gdNew = dot(gt, d);
        if (!Number.isFinite(fNew)) {
          // Not in L-BFGS-B (its objectives are finite): shrink the trial step instead of feeding NaN to dcstep.
          search.stp = stp / 2;
          continue;
        }
        if (search.next(fNew, gdNew) !== 'fg') {
          ok = true;
          break;
        }
      }
    }
    if (!ok) {
      if (memory.size === 0) return { x, f, nIter: iter, converged: false, stop: 'lineSearch' };
      memory.clear();
      continue;
    }

    iter++;
    const fOld = f;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = stp * d[j];
      y[j] = gt[j] - g[j];
    }
    [x, xt] = [xt, x];
    [g, gt] = [gt, g];
    f = fNew;
    onIter?.(iter, f);
    if (iter >= opts.maxIter) return { x, f, nIter: iter, converged: false, stop: 'maxIter' };
    if (maxAbs(g) <= opts.gtol) return { x, f, nIter: iter, converged: true, stop: 'gtol' };
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1))
      return { x, f, nIter: iter, converged: true, stop: 'ftol' };
    const sy = (gdNew - gdOld) * stp;
    if (sy > EPS * -gdOld * stp) memory.push(s, y, sy, dot(y, y));
  }
}
