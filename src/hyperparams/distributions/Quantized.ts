import { invalidArgument } from '../errors.ts';
import type { RandomSource } from '../random.ts';
import { Distribution } from './Distribution.ts';

const MAX_EXACT_SUPPORT = 1_000_000;

/**
 * Rounds the samples of a numeric distribution to the nearest integer. The
 * mass of integer k is `cdf(k + 0.5) − cdf(k − 0.5)` of the wrapped one.
 */
export class Quantized extends Distribution<number> {
  static readonly classId = 'ferry.Quantized';
  /** The wrapped numeric distribution. */
  distribution: Distribution<number>;

  constructor(distribution: Distribution<number>) {
    super();
    if (!(distribution instanceof Distribution)) {
      throw invalidArgument('Quantized', 'distribution', 'must be a numeric Distribution');
    }
    this.distribution = distribution;
  }

  override rvs(rng?: RandomSource): number {
    return Math.round(this.distribution.rvs(rng)) + 0; // + 0 turns -0 into 0
  }

  override pdf(x: number): number {
    if (!Number.isInteger(x)) return 0;
    return Math.max(0, this.distribution.cdf(x + 0.5) - this.distribution.cdf(x - 0.5));
  }

  override cdf(x: number): number {
    if (x >= this.max()) return 1;
    return this.distribution.cdf(Math.floor(x) + 0.5);
  }

  override min(): number {
    return Math.round(this.distribution.min()) + 0;
  }

  override max(): number {
    return Math.round(this.distribution.max()) + 0;
  }

  /** Integer range summed exactly by mean()/std(), or null to fall back on an approximation. */
  private support(): [number, number] | null {
    let lo = this.min();
    let hi = this.max();
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      const m = this.distribution.mean();
      const s = this.distribution.std();
      if (!Number.isFinite(m) || !Number.isFinite(s)) return null;
      if (!Number.isFinite(lo)) lo = Math.floor(m - 40 * s - 1);
      if (!Number.isFinite(hi)) hi = Math.ceil(m + 40 * s + 1);
    }
    return hi - lo <= MAX_EXACT_SUPPORT ? [lo, hi] : null;
  }

  private moments(): { mean: number; std: number } {
    const range = this.support();
    if (range === null) {
      // Sheppard's correction for rounding a wide, smooth distribution.
      const s = this.distribution.std();
      return { mean: this.distribution.mean(), std: Math.sqrt(s * s + 1 / 12) };
    }
    let total = 0;
    let first = 0;
    let second = 0;
    for (let k = range[0]; k <= range[1]; k++) {
      const p = this.pdf(k);
      total += p;
      first += p * k;
      second += p * k * k;
    }
    const mean = first / total;
    return { mean, std: Math.sqrt(Math.max(0, second / total - mean * mean)) };
  }

  override mean(): number {
    return this.moments().mean;
  }

  override std(): number {
    return this.moments().std;
  }

  override isDiscrete(): boolean {
    return true;
  }
}
