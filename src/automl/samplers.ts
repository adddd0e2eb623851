/**
 * Where trials' hyperparameters come from (Neuraxle's `RandomSearchSampler` and `GridExplorationSampler`). A sampler
 * gives trial `i` its values from `i` and the search's seed alone, so a resumed search re-creates exactly the trials it
 * had not finished.
 */
import {
  BooleanDistribution,
  Choice,
  type Distribution,
  FixedHyperparameter,
  type HyperparameterSpace,
  type HyperparameterValue,
  Quantized,
  RandInt,
} from '../hyperparams/index.ts';
import { InvalidAutoMLOptionError } from './errors.ts';

/** Gives each trial its hyperparameters (flat `step__name` names). */
export interface HyperparameterSampler {
  /** What it is, as plain data (recorded with the search). */
  describe(): Record<string, unknown>;
  /** Trial `trial`'s values for `space`, in a search seeded with `seed`. */
  sample(space: HyperparameterSpace, trial: number, seed: number): Record<string, HyperparameterValue>;
  /** How many distinct trials it can give for `space`, when that is finite (a grid). */
  size?(space: HyperparameterSpace): number;
}

/** Trial `trial`'s own seed in a search seeded with `seed` (a 32-bit mix of both). */
export function trialSeed(seed: number, trial: number): number {
  let h = (seed ^ Math.imul(trial + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Each trial draws every hyperparameter from its distribution, with the trial's own seed. */
export class RandomSearch implements HyperparameterSampler {
  describe(): Record<string, unknown> {
    return { sampler: 'random' };
  }

  sample(space: HyperparameterSpace, trial: number, seed: number): Record<string, HyperparameterValue> {
    return space.rvs(trialSeed(seed, trial)).toFlat();
  }
}

/** The most points a grid may have. */
const MAX_GRID = 1_000_000;

/** The values a discrete distribution takes, or undefined for a continuous one. */
function gridValues(d: Distribution): HyperparameterValue[] | undefined {
  if (d instanceof FixedHyperparameter) return [d.value];
  if (d instanceof Choice) return d.choices.filter((_, i) => d.probas[i] > 0);
  if (d instanceof BooleanDistribution) {
    return [false, true].filter((v) => (v ? d.probaIsTrue > 0 : d.probaIsTrue < 1));
  }
  if (d instanceof RandInt) return range(d.minIncluded, d.maxIncluded);
  if (d instanceof Quantized) {
    const lo = Math.round(d.distribution.min());
    const hi = Math.round(d.distribution.max());
    if (Number.isFinite(lo) && Number.isFinite(hi)) return range(lo, hi);
  }
  return undefined;
}

function range(lo: number, hi: number): number[] {
  if (hi - lo + 1 > MAX_GRID) return [];
  const out: number[] = [];
  for (let v = lo; v <= hi; v++) out.push(v);
  return out;
}

/**
 * Every combination of a discrete space, in order (the last hyperparameter varies fastest); trial `i` is the `i`-th
 * point. Continuous distributions are an {@link InvalidAutoMLOptionError} naming them.
 */
export class GridSearch implements HyperparameterSampler {
  describe(): Record<string, unknown> {
    return { sampler: 'grid' };
  }

  private axes(space: HyperparameterSpace): [string, HyperparameterValue[]][] {
    return space.keys().map((name) => {
      const values = gridValues(space.get(name) as Distribution);
      if (!values || values.length === 0) {
        throw new InvalidAutoMLOptionError(
          'sampler',
          `GridSearch needs discrete hyperparameters; "${name}" is ${(space.get(name) as object).constructor.name}`,
        );
      }
      return [name, values];
    });
  }

  size(space: HyperparameterSpace): number {
    const n = this.axes(space).reduce((p, [, v]) => p * v.length, 1);
    if (n > MAX_GRID) throw new InvalidAutoMLOptionError('sampler', `the grid has ${n} points, more than ${MAX_GRID}`);
    return n;
  }

  sample(space: HyperparameterSpace, trial: number): Record<string, HyperparameterValue> {
    const axes = this.axes(space);
    const total = axes.reduce((p, [, v]) => p * v.length, 1);
    if (trial >= total) throw new InvalidAutoMLOptionError('nTrials', `exceeds the grid's ${total} points`);
    const out: Record<string, HyperparameterValue> = {};
    let rest = trial;
    for (let a = axes.length - 1; a >= 0; a--) {
      const [name, values] = axes[a];
      out[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    return Object.fromEntries(axes.map(([name]) => [name, out[name]]));
  }
}
