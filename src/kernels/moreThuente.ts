/**
 * The Moré–Thuente line search of MINPACK-2 (`dcsrch` / `dcstep`), as used by L-BFGS-B 3.0 (and so by scipy's
 * `L-BFGS-B` and scikit-learn's `lbfgs` solver), ported statement by statement so that Ferry's steps follow the same
 * trajectory. It is a reverse-communication state machine: call {@link MoreThuente.start}, evaluate f and f′ at
 * `stp`, pass them to {@link MoreThuente.next}, repeat while it answers `'fg'`.
 */
export type LineSearchTask = 'fg' | 'converged' | 'warning';

const P5 = 0.5;
const P66 = 0.66;
const XTRAPL = 1.1;
const XTRAPU = 4.0;

/** State of one MINPACK-2 `dcsrch` line search along a descent direction. */
export class MoreThuente {
  /** The step to evaluate next (after `next` answers `'fg'`), or the accepted step. */
  stp = 0;
  private brackt = false;
  private stage = 1;
  private ginit = 0;
  private gtest = 0;
  private gx = 0;
  private gy = 0;
  private finit = 0;
  private fx = 0;
  private fy = 0;
  private stx = 0;
  private sty = 0;
  private stmin = 0;
  private stmax = 0;
  private width = 0;
  private width1 = 0;

  /**
   * @param ftol - sufficient-decrease constant (L-BFGS-B: 1e-3).
   * @param gtol - curvature constant (L-BFGS-B: 0.9).
   * @param xtol - relative interval width that ends the search (L-BFGS-B: 0.1).
   */
  constructor(
    private readonly ftol = 1e-3,
    private readonly gtol = 0.9,
    private readonly xtol = 0.1,
    private readonly stpmin = 0,
    private readonly stpmax = 1e10,
  ) {}

  /** Starts a search at f(0) = `f`, f′(0) = `g` (< 0) with first trial step `stp`. */
  start(f: number, g: number, stp: number): void {
    this.stp = stp;
    this.brackt = false;
    this.stage = 1;
    this.finit = f;
    this.ginit = g;
    this.gtest = this.ftol * g;
    this.width = this.stpmax - this.stpmin;
    this.width1 = this.width / P5;
    this.stx = 0;
    this.fx = f;
    this.gx = g;
    this.sty = 0;
    this.fy = f;
    this.gy = g;
    this.stmin = 0;
    this.stmax = stp + XTRAPU * stp;
  }

  /** Takes f and f′ at the current `stp`; answers whether to evaluate the new `stp` or stop. */
  next(f: number, g: number): LineSearchTask {
    const ftest = this.finit + this.stp * this.gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;
    let task: LineSearchTask = 'fg';
    if (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) task = 'warning';
    if (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax) task = 'warning';
    if (this.stp === this.stpmax && f <= ftest && g <= this.gtest) task = 'warning';
    if (this.stp === this.stpmin && (f > ftest || g >= this.gtest)) task = 'warning';
    if (f <= ftest && Math.abs(g) <= this.gtol * -this.ginit) task = 'converged';
    if (task !== 'fg') return task;

    if (this.stage === 1 && f <= this.fx && f > ftest) {
      // Modified function during the first stage: a lower value without sufficient decrease.
      const gt = this.gtest;
      const s = dcstep(
        this.stx,
        this.fx - this.stx * gt,
        this.gx - gt,
        this.sty,
        this.fy - this.sty * gt,
        this.gy - gt,
        this.stp,
        f - this.stp * gt,
        g - gt,
        this.brackt,
        this.stmin,
        this.stmax,
      );
      this.stx = s.stx;
      this.sty = s.sty;
      this.fx = s.fx + s.stx * gt;
      this.fy = s.fy + s.sty * gt;
      this.gx = s.dx + gt;
      this.gy = s.dy + gt;
      this.brackt = s.brackt;
      this.stp = s.stp;
    } else {
      const s = dcstep(
        this.stx,
        this.fx,
        this.gx,
        this.sty,
        this.fy,
        this.gy,
        this.stp,
        f,
        g,
        this.brackt,
        this.stmin,
        this.stmax,
      );
      this.stx = s.stx;
      this.sty = s.sty;
      this.fx = s.fx;
      this.fy = s.fy;
      this.gx = s.dx;
      this.gy = s.dy;
      this.brackt = s.brackt;
      this.stp = s.stp;
    }
    if (this.brackt) {
      if (Math.abs(this.sty - this.stx) >= P66 * this.width1) this.stp = this.stx + P5 * (this.sty - this.stx);
      this.width1 = this.width;
      this.width = Math.abs(this.sty - this.stx);
    }
    if (this.brackt) {
      this.stmin = Math.min(this.stx, this.sty);
      this.stmax = Math.max(this.stx, this.sty);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - this.stx);
      this.stmax = this.stp + XTRAPU * (this.stp - this.stx);
    }
    this.stp = Math.min(Math.max(this.stp, this.stpmin), this.stpmax);
    if (
      (this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= this.xtol * this.stmax)
    ) {
      this.stp = this.stx;
    }
    return 'fg';
  }
}

interface StepState {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  brackt: boolean;
}

/** MINPACK-2 `dcstep`: a safeguarded step and the updated interval of uncertainty. */
function dcstep(
  stx: number,
  fx: number,
  dx: number,
  sty: number,
  fy: number,
  dy: number,
  stp: number,
  fp: number,
  dp: number,
  brackt: boolean,
  stpmin: number,
  stpmax: number,
): StepState {
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    // Higher function value: the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    brackt = true;
  } else if (sgnd < 0) {
    // Lower value, derivatives of opposite sign: bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Lower value, same sign, decreasing derivative magnitude.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + P66 * (sty - stp), stpf) : Math.max(stp + P66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (brackt) {
    // Lower value, same sign, non-decreasing derivative magnitude, bracketed: cubic step towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    sty = stp;
    fy = fp;
    dy = dp;
  } else {
    if (sgnd < 0) {
      sty = stx;
      fy = fx;
      dy = dx;
    }
    stx = stp;
    fx = fp;
    dx = dp;
  }
  return { stx, fx, dx, sty, fy, dy, stp: stpf, brackt };
}
