import { FerryError } from '../../errors/index.ts';
import { invalidArgument } from '../errors.ts';
import { type RandomSource, SeededRandom } from '../random.ts';
import { copyValue, type HyperparameterValue, isHyperparameterValue, structuralEqual } from '../values.ts';
import { Distribution } from './Distribution.ts';

const PROBA_TOLERANCE = 1e-6;

/** Validates choices/probas; returns normalised probabilities (uniform when absent). */
export function checkChoices(owner: string, choices: readonly unknown[], probas?: readonly number[]): number[] {
  if (!Array.isArray(choices) || choices.length === 0)
    throw invalidArgument(owner, 'choices', 'must be a non-empty array');
  choices.forEach((c, i) => {
    if (!isHyperparameterValue(c))
      throw invalidArgument(owner, 'choices', `choice ${i} is not a plain hyperparameter value`);
  });
  if (probas === undefined) return choices.map(() => 1 / choices.length);
  if (!Array.isArray(probas) || probas.length !== choices.length) {
    throw invalidArgument(owner, 'probas', `must have one probability per choice (${choices.length})`);
  }
  if (probas.some((p) => typeof p !== 'number' || !Number.isFinite(p) || p < 0)) {
    throw invalidArgument(owner, 'probas', 'must be finite numbers >= 0');
  }
  const sum = probas.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > PROBA_TOLERANCE) throw invalidArgument(owner, 'probas', `must sum to 1, got ${sum}`);
  return probas.map((p) => p / sum);
}

/**
 * Categorical choice among `choices` with probabilities `probas` (uniform by
 * default). Like Neuraxle, min/max/mean/std are over choice indices.
 */
export class Choice<T extends HyperparameterValue = HyperparameterValue> extends Distribution<T> {
  static readonly classId: string = 'ferry.Choice';
  /** The possible values, in order. */
  choices: T[];
  /** Probability of each choice; sums to 1. */
  probas: number[];

  constructor(choices: readonly T[], probas?: readonly number[]) {
    super();
    this.probas = checkChoices(new.target.name, choices, probas);
    this.choices = choices.map(copyValue);
  }

  /** Index of the first choice structurally equal to `x`, or -1. */
  indexOf(x: HyperparameterValue): number {
    return this.choices.findIndex((c) => structuralEqual(c, x));
  }

  override rvs(rng?: RandomSource): T {
    const u = SeededRandom.from(rng).next();
    let cumulative = 0;
    let last = 0;
    for (let i = 0; i < this.probas.length; i++) {
      if (this.probas[i] <= 0) continue;
      last = i;
      cumulative += this.probas[i];
      if (u < cumulative) return copyValue(this.choices[i]);
    }
    return copyValue(this.choices[last]);
  }

  override pdf(x: HyperparameterValue): number {
    let p = 0;
    this.choices.forEach((c, i) => {
      if (structuralEqual(c, x)) p += this.probas[i];
    });
    return p;
  }

  /** Sum of the probabilities of the choices up to and including `x` (throws if `x` is no choice). */
  override cdf(x: HyperparameterValue): number {
    const index = this.indexOf(x);
    if (index < 0)
      throw new FerryError('FERRY_INVALID_HYPERPARAMETER', `${JSON.stringify(x)} is not one of the choices`);
    if (index === this.choices.length - 1) return 1;
    return Math.min(
      1,
      this.probas.slice(0, index + 1).reduce((a, b) => a + b, 0),
    );
  }

  override min(): number {
    return 0;
  }

  override max(): number {
    return this.choices.length - 1;
  }

  override mean(): number {
    return this.probas.reduce((acc, p, i) => acc + p * i, 0);
  }

  override std(): number {
    const m = this.mean();
    return Math.sqrt(this.probas.reduce((acc, p, i) => acc + p * (i - m) ** 2, 0));
  }

  override isDiscrete(): boolean {
    return true;
  }
}
