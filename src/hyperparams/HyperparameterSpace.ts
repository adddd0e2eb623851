import { Distribution } from './distributions/Distribution.ts';
import { FixedHyperparameter } from './distributions/FixedHyperparameter.ts';
import { invalidArgument } from './errors.ts';
import { flattenHyperparams, type NestedRecord, nestHyperparams, prefixFlat, subsetFlat } from './flatNames.ts';
import { HyperparameterSamples } from './HyperparameterSamples.ts';
import { type RandomSource, SeededRandom } from './random.ts';
import { type HyperparameterValue, isHyperparameterValue, structuralEqual } from './values.ts';

/** A leaf of a space: a distribution, or a plain value (kept as a {@link FixedHyperparameter}). */
export type HyperparameterSpaceLeaf = Distribution | HyperparameterValue;

/** Input accepted by {@link HyperparameterSpace}: nested, flat or mixed (nested spaces included). */
export type HyperparameterSpaceInput =
  | NestedRecord<HyperparameterSpaceLeaf | HyperparameterSpace>
  | HyperparameterSpace;

function expandSpace(value: unknown): Record<string, unknown> | undefined {
  return value instanceof HyperparameterSpace ? value.values : undefined;
}

/**
 * Distributions of hyperparameters, stored as an ordered flat record of
 * {@link Distribution}s; {@link HyperparameterSpace.rvs} samples them all. Plain data only.
 */
export class HyperparameterSpace {
  static readonly classId = 'ferry.HyperparameterSpace';
  /** Flat name → distribution, in insertion (= draw) order. */
  values: Record<string, Distribution>;

  constructor(input: HyperparameterSpaceInput = {}) {
    const source = input instanceof HyperparameterSpace ? input.values : input;
    const flat = flattenHyperparams<unknown>(source as NestedRecord<unknown>, expandSpace);
    for (const name of Object.keys(flat)) {
      const value = flat[name];
      if (value instanceof Distribution) continue;
      if (!isHyperparameterValue(value)) {
        throw invalidArgument('HyperparameterSpace', name, 'must be a Distribution or a plain hyperparameter value');
      }
      flat[name] = new FixedHyperparameter(value);
    }
    this.values = flat as Record<string, Distribution>;
  }

  /** Number of (flat) entries. */
  get size(): number {
    return Object.keys(this.values).length;
  }

  /** Distribution of a flat name, or undefined. */
  get(name: string): Distribution | undefined {
    return Object.hasOwn(this.values, name) ? this.values[name] : undefined;
  }

  /** True when the flat name exists. */
  has(name: string): boolean {
    return Object.hasOwn(this.values, name);
  }

  /** Flat names in order (the draw order of {@link HyperparameterSpace.rvs}). */
  keys(): string[] {
    return Object.keys(this.values);
  }

  /**
   * Samples every entry, in key order, from one generator: the same seed
   * always gives the same samples.
   */
  rvs(rng?: RandomSource): HyperparameterSamples {
    const r = SeededRandom.from(rng);
    const out: Record<string, HyperparameterValue> = {};
    for (const name of this.keys()) out[name] = this.values[name].rvs(r);
    return new HyperparameterSamples(out);
  }

  /** Shallow copy as a flat record (the distributions are shared). */
  toFlat(): Record<string, Distribution> {
    return { ...this.values };
  }

  /** Shallow copy as a nested record. */
  toNested(): NestedRecord<Distribution> {
    return nestHyperparams(this.toFlat());
  }

  /** New space with `other`'s entries added; `other` wins on shared names, new names are appended. */
  merge(other: HyperparameterSpaceInput): HyperparameterSpace {
    return new HyperparameterSpace({ ...this.toFlat(), ...new HyperparameterSpace(other).values });
  }

  /** New space with every name prefixed by `prefix__`. */
  withPrefix(prefix: string): HyperparameterSpace {
    return new HyperparameterSpace(prefixFlat(this.values, prefix));
  }

  /** Entries under `prefix__`, with the prefix removed. */
  subset(prefix: string): HyperparameterSpace {
    return new HyperparameterSpace(subsetFlat(this.values, prefix));
  }

  /** Same names in the same order with structurally equal distributions. */
  equals(other: unknown): boolean {
    return (
      other instanceof HyperparameterSpace &&
      structuralEqual(this.keys(), other.keys()) &&
      structuralEqual(this.values, other.values)
    );
  }
}
