import { type RandomSource, SeededRandom } from '../random.ts';
import { type HyperparameterValue, structuralEqual } from '../values.ts';

/**
 * Base class of every hyperparameter distribution (Neuraxle semantics).
 *
 * Subclasses keep only plain data in own enumerable fields, so a dump loader can
 * rebuild them with `Object.create(Class.prototype)` + assigning saved fields,
 * without calling the constructor. Each subclass has a static `classId`.
 */
export abstract class Distribution<T extends HyperparameterValue = HyperparameterValue> {
  /**
   * Draws one sample. `rng` is a generator (advanced in place), a seed, or
   * absent for a randomly seeded draw.
   */
  abstract rvs(rng?: RandomSource): T;

  /** Probability density at `x` (probability mass for discrete distributions). */
  abstract pdf(x: T): number;

  /** Cumulative probability P(X <= x). */
  abstract cdf(x: T): number;

  /** Lowest value in the support (index or 0/1 for categorical ones). */
  abstract min(): number;

  /** Highest value in the support (index or 0/1 for categorical ones). */
  abstract max(): number;

  /** Expected value. */
  abstract mean(): number;

  /** Standard deviation. */
  abstract std(): number;

  /** True for distributions with a discrete support. */
  abstract isDiscrete(): boolean;

  /** Draws `n` samples from one generator (seeded by `seed` when a number). */
  rvsMany(n: number, seed?: RandomSource): T[] {
    const rng = SeededRandom.from(seed);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(this.rvs(rng));
    return out;
  }

  /** Variance (`std()` squared). */
  var(): number {
    const s = this.std();
    return s * s;
  }

  /** Structural equality: same class and equal fields. */
  equals(other: unknown): boolean {
    return structuralEqual(this, other);
  }
}
