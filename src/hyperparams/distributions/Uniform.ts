import { invalidArgument, requireFinite } from '../errors.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { Distribution } from './Distribution.ts';

/** Continuous uniform distribution on [low, high]. */
export class Uniform extends Distribution<number> {
  static readonly classId = 'ferry.Uniform';
  /** Lower bound (included). */
  low: number;
  /** Upper bound. */
  high: number;

  constructor(low: number, high: number) {
    super();
    requireFinite('Uniform', 'low', low);
    requireFinite('Uniform', 'high', high);
    if (!(low < high)) throw invalidArgument('Uniform', 'low', `must be < high (${low} >= ${high})`);
    this.low = low;
    this.high = high;
  }

  override rvs(rng?: RandomSource): number {
    const u = SeededRandom.from(rng).next();
    return Math.min(this.high, this.low + u * (this.high - this.low));
  }

  override pdf(x: number): number {
    return x >= this.low && x <= this.high ? 1 / (this.high - this.low) : 0;
  }

  override cdf(x: number): number {
    if (x <= this.low) return 0;
    if (x >= this.high) return 1;
    return (x - this.low) / (this.high - this.low);
  }

  override min(): number {
    return this.low;
  }

  override max(): number {
    return this.high;
  }

  override mean(): number {
    return (this.low + this.high) / 2;
  }

  override std(): number {
    return (this.high - this.low) / Math.sqrt(12);
  }

  override isDiscrete(): boolean {
    return false;
  }
}
