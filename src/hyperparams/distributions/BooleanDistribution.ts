import { invalidArgument } from '../errors.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { Distribution } from './Distribution.ts';

/**
 * Bernoulli draw of `true` with probability `probaIsTrue` (Neuraxle `Boolean`;
 * exported publicly as `Boolean`). Numerically false = 0 and true = 1.
 */
export class BooleanDistribution extends Distribution<boolean> {
  static readonly classId = 'ferry.Boolean';
  /** Probability of `true`, in [0, 1]. */
  probaIsTrue: number;

  constructor(probaIsTrue = 0.5) {
    super();
    if (typeof probaIsTrue !== 'number' || !(probaIsTrue >= 0 && probaIsTrue <= 1)) {
      throw invalidArgument('Boolean', 'probaIsTrue', `must be in [0, 1], got ${String(probaIsTrue)}`);
    }
    this.probaIsTrue = probaIsTrue;
  }

  override rvs(rng?: RandomSource): boolean {
    return SeededRandom.from(rng).next() < this.probaIsTrue;
  }

  override pdf(x: boolean): number {
    if (x === true) return this.probaIsTrue;
    if (x === false) return 1 - this.probaIsTrue;
    return 0;
  }

  override cdf(x: boolean): number {
    return x === true ? 1 : 1 - this.probaIsTrue;
  }

  override min(): number {
    return 0;
  }

  override max(): number {
    return 1;
  }

  override mean(): number {
    return this.probaIsTrue;
  }

  override std(): number {
    return Math.sqrt(this.probaIsTrue * (1 - this.probaIsTrue));
  }

  override isDiscrete(): boolean {
    return true;
  }
}
