import { invalidArgument } from './errors.ts';
import { flattenHyperparams, type NestedRecord, nestHyperparams, prefixFlat, subsetFlat } from './flatNames.ts';
import { copyValue, type HyperparameterValue, isHyperparameterValue, structuralEqual } from './values.ts';

/** Input accepted by {@link HyperparameterSamples}: nested, flat or mixed values (nested samples included). */
export type HyperparameterSamplesInput =
  | NestedRecord<HyperparameterValue | HyperparameterSamples>
  | HyperparameterSamples;

function expandSamples(value: unknown): Record<string, unknown> | undefined {
  return value instanceof HyperparameterSamples ? value.values : undefined;
}

/**
 * Concrete hyperparameter values, stored as an ordered flat record
 * (`{'step__C': 1}`); accepts nested or flat input. Plain data only.
 */
export class HyperparameterSamples {
  static readonly classId = 'ferry.HyperparameterSamples';
  /** Flat name → value, in insertion order. */
  values: Record<string, HyperparameterValue>;

  constructor(input: HyperparameterSamplesInput = {}) {
    const source = input instanceof HyperparameterSamples ? input.values : input;
    const flat = flattenHyperparams<unknown>(source as NestedRecord<unknown>, expandSamples);
    for (const name of Object.keys(flat)) {
      const value = flat[name];
      if (!isHyperparameterValue(value)) {
        throw invalidArgument(
          'HyperparameterSamples',
          name,
          'must be a number, string, boolean, null or array of those',
        );
      }
      flat[name] = copyValue(value);
    }
    this.values = flat as Record<string, HyperparameterValue>;
  }

  /** Number of (flat) entries. */
  get size(): number {
    return Object.keys(this.values).length;
  }

  /** Value of a flat name (`step__C`), or undefined. */
  get(name: string): HyperparameterValue | undefined {
    return Object.hasOwn(this.values, name) ? this.values[name] : undefined;
  }

  /** True when the flat name exists. */
  has(name: string): boolean {
    return Object.hasOwn(this.values, name);
  }

  /** Flat names in order. */
  keys(): string[] {
    return Object.keys(this.values);
  }

  /** Copy as a flat record. */
  toFlat(): Record<string, HyperparameterValue> {
    return new HyperparameterSamples(this).values;
  }

  /** Copy as a nested record. */
  toNested(): NestedRecord<HyperparameterValue> {
    return nestHyperparams(this.toFlat());
  }

  /** New samples with `other`'s entries added; `other` wins on shared names, new names are appended. */
  merge(other: HyperparameterSamplesInput): HyperparameterSamples {
    const extra = new HyperparameterSamples(other).values;
    return new HyperparameterSamples({ ...this.toFlat(), ...extra });
  }

  /** New samples with every name prefixed by `prefix__`. */
  withPrefix(prefix: string): HyperparameterSamples {
    return new HyperparameterSamples(prefixFlat(this.values, prefix));
  }

  /** Entries under `prefix__`, with the prefix removed. */
  subset(prefix: string): HyperparameterSamples {
    return new HyperparameterSamples(subsetFlat(this.values, prefix));
  }

  /** Same names in the same order with structurally equal values. */
  equals(other: unknown): boolean {
    return (
      other instanceof HyperparameterSamples &&
      structuralEqual(this.keys(), other.keys()) &&
      structuralEqual(this.values, other.values)
    );
  }
}
