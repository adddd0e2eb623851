import { invalidArgument, requireFinite } from '../errors.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { Distribution } from './Distribution.ts';

/**
 * Log-uniform distribution on [minIncluded, maxIncluded] (Neuraxle: uniform in
 * log2 space, `2 ** uniform(log2(min), log2(max))`); pdf = 1 / (x ln(max/min)).
 */
export class LogUniform extends Distribution<number> {
  static readonly classId = 'ferry.LogUniform';
  /** Lower bound, > 0. */
  minIncluded: number;
  /** Upper bound. */
  maxIncluded: number;

  constructor(minIncluded: number, maxIncluded: number) {
    super();
    requireFinite('LogUniform', 'minIncluded', minIncluded);
    requireFinite('LogUniform', 'maxIncluded', maxIncluded);
    if (!(minIncluded > 0)) throw invalidArgument('LogUniform', 'minIncluded', `must be > 0, got ${minIncluded}`);
    if (!(minIncluded < maxIncluded)) {
      throw invalidArgument('LogUniform', 'minIncluded', `must be < maxIncluded (${minIncluded} >= ${maxIncluded})`);
    }
    this.minIncluded = minIncluded;
    this.maxIncluded = maxIncluded;
  }

  override rvs(rng?: RandomSource): number {
    const lo = Math.log2(this.minIncluded);
    const hi = Math.log2(this.maxIncluded);
    const x = 2 ** (lo + SeededRandom.from(rng).next() * (hi - lo));
    return Math.min(this.maxIncluded, Math.max(this.minIncluded, x));
  }

  override pdf(x: number): number {
    if (x < this.minIncluded || x > this.maxIncluded) return 0;
    return 1 / (x * Math.log(this.maxIncluded / this.minIncluded));
  }

  override cdf(x: number): number {
    if (x <= this.minIncluded) return 0;
    if (x >= this.maxIncluded) return 1;
    return Math.log(x / this.minIncluded) / Math.log(this.maxIncluded / this.minIncluded);
  }

  override min(): number {
    return this.minIncluded;
  }

  override max(): number {
    return this.maxIncluded;
  }

  override mean(): number {
    return (this.maxIncluded - this.minIncluded) / Math.log(this.maxIncluded / this.minIncluded);
  }

  override std(): number {
    const m = this.mean();
    const second =
      (this.maxIncluded ** 2 - this.minIncluded ** 2) / (2 * Math.log(this.maxIncluded / this.minIncluded));
    return Math.sqrt(Math.max(0, second - m * m));
  }

  override isDiscrete(): boolean {
    return false;
  }
}
