import { invalidArgument, undefinedStatistic } from '../errors.ts';
import type { RandomSource } from '../random.ts';
import { copyValue, type HyperparameterValue, isHyperparameterValue, structuralEqual } from '../values.ts';
import { Distribution } from './Distribution.ts';

/**
 * A constant: always samples `value`. Numeric statistics exist for number and
 * boolean values (false = 0, true = 1) and throw `FERRY_UNDEFINED_STATISTIC` otherwise.
 */
export class FixedHyperparameter<T extends HyperparameterValue = HyperparameterValue> extends Distribution<T> {
  static readonly classId = 'ferry.FixedHyperparameter';
  /** The constant value. */
  value: T;

  constructor(value: T) {
    super();
    if (!isHyperparameterValue(value)) {
      throw invalidArgument(
        'FixedHyperparameter',
        'value',
        'must be a number, string, boolean, null or array of those',
      );
    }
    this.value = copyValue(value);
  }

  private numeric(statistic: string): number {
    if (typeof this.value === 'number') return this.value;
    if (typeof this.value === 'boolean') return this.value ? 1 : 0;
    throw undefinedStatistic('FixedHyperparameter', statistic, `value ${JSON.stringify(this.value)} is not numeric`);
  }

  override rvs(_rng?: RandomSource): T {
    return copyValue(this.value);
  }

  override pdf(x: HyperparameterValue): number {
    return structuralEqual(x, this.value) ? 1 : 0;
  }

  /** Step function at the value for numbers/booleans; 1 at the value and 0 elsewhere otherwise. */
  override cdf(x: HyperparameterValue): number {
    if ((typeof x === 'number' || typeof x === 'boolean') && typeof x === typeof this.value) {
      return Number(x) >= this.numeric('cdf') ? 1 : 0;
    }
    return this.pdf(x);
  }

  override min(): number {
    return this.numeric('min');
  }

  override max(): number {
    return this.numeric('max');
  }

  override mean(): number {
    return this.numeric('mean');
  }

  override std(): number {
    return 0;
  }

  override isDiscrete(): boolean {
    return true;
  }
}
