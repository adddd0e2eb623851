import { invalidArgument } from '../errors.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { Distribution } from './Distribution.ts';

/** Uniform integer in [minIncluded, maxIncluded] (both included). */
export class RandInt extends Distribution<number> {
  static readonly classId = 'ferry.RandInt';
  /** Smallest value. */
  minIncluded: number;
  /** Largest value. */
  maxIncluded: number;

  constructor(minIncluded: number, maxIncluded: number) {
    super();
    for (const [name, v] of [
      ['minIncluded', minIncluded],
      ['maxIncluded', maxIncluded],
    ] as const) {
      if (!Number.isSafeInteger(v)) throw invalidArgument('RandInt', name, `must be a safe integer, got ${v}`);
    }
    if (minIncluded > maxIncluded) {
      throw invalidArgument('RandInt', 'minIncluded', `must be <= maxIncluded (${minIncluded} > ${maxIncluded})`);
    }
    if (maxIncluded - minIncluded + 1 > 2 ** 32) throw invalidArgument('RandInt', 'maxIncluded', 'range exceeds 2^32');
    this.minIncluded = minIncluded;
    this.maxIncluded = maxIncluded;
  }

  private count(): number {
    return this.maxIncluded - this.minIncluded + 1;
  }

  override rvs(rng?: RandomSource): number {
    return SeededRandom.from(rng).int(this.minIncluded, this.maxIncluded);
  }

  override pdf(x: number): number {
    return Number.isInteger(x) && x >= this.minIncluded && x <= this.maxIncluded ? 1 / this.count() : 0;
  }

  override cdf(x: number): number {
    if (x < this.minIncluded) return 0;
    if (x >= this.maxIncluded) return 1;
    return (Math.floor(x) - this.minIncluded + 1) / this.count();
  }

  override min(): number {
    return this.minIncluded;
  }

  override max(): number {
    return this.maxIncluded;
  }

  override mean(): number {
    return (this.minIncluded + this.maxIncluded) / 2;
  }

  override std(): number {
    const n = this.count();
    return Math.sqrt((n * n - 1) / 12);
  }

  override isDiscrete(): boolean {
    return true;
  }
}
