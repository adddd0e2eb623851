/** Objective callback: writes the gradient at x into g and returns f(x). */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

/** L-BFGS settings (scipy L-BFGS-B defaults where they exist). */
export interface LbfgsOptions {
  maxIter: number;
  /** Stop when max|g_i| ≤ gtol. */
  gtol: number;
  /** Stop when (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ ftol (scipy: 2.22e-9). */
  ftol?: number;
  /** Number of correction pairs (scipy: 10). */
  m?: number;
  /** Maximum function evaluations per line search. */
  maxLs?: number;
}

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  nIter: number;
  converged: boolean;
}

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

/** Minimiser of the cubic interpolating (a, fa, da), (b, fb, db), clamped to the inner 80% of [a, b]. */
function cubicStep(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  let t = (a + b) / 2;
  if (disc >= 0) {
    const d2 = Math.sign(b - a) * Math.sqrt(disc);
    const c = b - (b - a) * ((db + d2 - d1) / (db - da + 2 * d2));
    if (Number.isFinite(c)) t = c;
  }
  const margin = 0.1 * (hi - lo);
  return Math.min(Math.max(t, lo + margin), hi - margin);
}

/**
 * Limited-memory BFGS with a strong-Wolfe line search (c1 = 1e-4, c2 = 0.9). The heavy work lives in `fg`.
 * @param onIter - called after each iteration with its number and objective value.
 */
export function minimizeLbfgs(
  fg: ObjectiveFn,
  x0: Float64Array,
  opts: LbfgsOptions,
  onIter?: (iter: number, f: number) => void,
): LbfgsResult {
  const n = x0.length;
  const mem = opts.m ?? 10;
  const ftol = opts.ftol ?? 2.220446049250313e-9;
  const maxLs = opts.maxLs ?? 30;
  const c1 = 1e-4;
  const c2 = 0.9;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = fg(x, g);
  let xt = new Float64Array(n);
  let gt = new Float64Array(n);
  const p = new Float64Array(n);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alphaBuf = new Float64Array(mem);
  if (!Number.isFinite(f)) return { x, f, nIter: 0, converged: false };
  if (maxAbs(g) <= opts.gtol) return { x, f, nIter: 0, converged: true };

  let iter = 0;
  while (iter < opts.maxIter) {
    // Two-loop recursion: p = −H·g.
    p.set(g);
    for (let i = S.length - 1; i >= 0; i--) {
      alphaBuf[i] = rho[i] * dot(S[i], p);
      const yi = Y[i];
      for (let j = 0; j < n; j++) p[j] -= alphaBuf[i] * yi[j];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let j = 0; j < n; j++) p[j] *= gamma;
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], p);
      const si = S[i];
      for (let j = 0; j < n; j++) p[j] += si[j] * (alphaBuf[i] - beta);
    }
    for (let j = 0; j < n; j++) p[j] = -p[j];
    let d0 = dot(g, p);
    if (!(d0 < 0)) {
      // Not a descent direction: restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) p[j] = -g[j];
      d0 = dot(g, p);
    }
    const a0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(p, p))) : 1;

    // Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6).
    const evalAt = (a: number): [number, number] => {
      for (let j = 0; j < n; j++) xt[j] = x[j] + a * p[j];
      const ft = fg(xt, gt);
      return [ft, dot(gt, p)];
    };
    let aPrev = 0;
    let fPrev = f;
    let dPrev = d0;
    let a = a0;
    let accepted = false;
    let fNew = f;
    let evals = 0;
    const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): boolean => {
      while (evals < maxLs) {
        const aj = cubicStep(lo, flo, dlo, hi, fhi, dhi);
        const [fj, dj] = evalAt(aj);
        evals++;
        if (fj > f + c1 * aj * d0 || fj >= flo) {
          hi = aj;
          fhi = fj;
          dhi = dj;
        } else {
          if (Math.abs(dj) <= -c2 * d0) {
            fNew = fj;
            return true;
          }
          if (dj * (hi - lo) >= 0) {
            hi = lo;
            fhi = flo;
            dhi = dlo;
          }
          lo = aj;
          flo = fj;
          dlo = dj;
        }
        if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
      }
      // Fall back to the best sufficient-decrease point found (lo), if it is not the start point.
      if (lo > 0 && flo < f) {
        const [fl] = evalAt(lo);
        fNew = fl;
        return true;
      }
      return false;
    };
    while (evals < maxLs) {
      const [fa, da] = evalAt(a);
      evals++;
      if (!Number.isFinite(fa) || fa > f + c1 * a * d0 || (evals > 1 && fa >= fPrev)) {
        accepted = zoom(aPrev, fPrev, dPrev, a, Number.isFinite(fa) ? fa : Number.MAX_VALUE, da);
        break;
      }
      if (Math.abs(da) <= -c2 * d0) {
        fNew = fa;
        accepted = true;
        break;
      }
      if (da >= 0) {
        accepted = zoom(a, fa, da, aPrev, fPrev, dPrev);
        break;
      }
      aPrev = a;
      fPrev = fa;
      dPrev = da;
      a *= 2;
    }
    if (!accepted) return { x, f, nIter: iter, converged: false };

    iter++;
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = xt[j] - x[j];
      yv[j] = gt[j] - g[j];
    }
    const sy = dot(s, yv);
    if (sy > 2.2e-16 * dot(yv, yv)) {
      if (S.length === mem) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const fOld = f;
    [x, xt] = [xt, x];
    [g, gt] = [gt, g];
    f = fNew;
    onIter?.(iter, f);
    if (maxAbs(g) <= opts.gtol) return { x, f, nIter: iter, converged: true };
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return { x, f, nIter: iter, converged: true };
  }
  return { x, f, nIter: iter, converged: false };
}
