import { invalidArgument } from './errors.ts';
import { isPlainObject } from './values.ts';

/** Separator between the segments of a flat hyperparameter name (`step__sub__name`). */
export const HYPERPARAMETER_SEPARATOR = '__';

/** A nested record: plain objects are groups, anything else is a leaf. */
export interface NestedRecord<L> {
  [name: string]: L | NestedRecord<L>;
}

/**
 * Splits a flat name into its segments; throws an `InvalidHyperparameterError`
 * for empty names or empty segments (`a____b`, `__a`, `a__`).
 */
export function splitHyperparamName(name: string): string[] {
  const segments = name.split(HYPERPARAMETER_SEPARATOR);
  if (name.length === 0 || segments.some((s) => s.length === 0)) {
    throw invalidArgument('hyperparameters', name, 'names must be non-empty and have no empty "__" segments');
  }
  return segments;
}

/** Joins name segments (each validated) with {@link HYPERPARAMETER_SEPARATOR}. */
export function joinHyperparamName(...segments: string[]): string {
  const joined = segments.join(HYPERPARAMETER_SEPARATOR);
  splitHyperparamName(joined);
  return joined;
}

/** Turns a leaf into its own flat entries (for nested containers), or `undefined` to keep it as a leaf. */
export type LeafExpander = (value: unknown) => Record<string, unknown> | undefined;

function flattenInto(
  nested: Record<string, unknown>,
  prefix: string,
  out: Record<string, unknown>,
  expand: LeafExpander | undefined,
): void {
  for (const key of Object.keys(nested)) {
    splitHyperparamName(key);
    const name = prefix === '' ? key : `${prefix}${HYPERPARAMETER_SEPARATOR}${key}`;
    const value = nested[key];
    const expanded = isPlainObject(value) ? value : expand?.(value);
    if (expanded !== undefined) {
      flattenInto(expanded, name, out, expand);
    } else {
      if (Object.hasOwn(out, name)) {
        throw invalidArgument('hyperparameters', name, 'is given twice (nested and flat forms collide)');
      }
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
}

/**
 * Flattens a nested (or mixed) record: `{a: {b: {c: 1}}}` → `{'a__b__c': 1}`.
 * Only plain objects nest; arrays, distributions and class instances are leaves.
 * Key order is preserved (depth first). `expand` optionally unpacks container leaves.
 * The leaf type `L` is not inferred (mixed leaves would not unify): pass it explicitly or get `unknown`.
 */
export function flattenHyperparams<L = unknown>(
  nested: NestedRecord<NoInfer<L>>,
  expand?: LeafExpander,
): Record<string, L> {
  const out: Record<string, unknown> = {};
  flattenInto(nested, '', out, expand);
  return out as Record<string, L>;
}

/**
 * Nests a flat (or mixed) record: `{'a__b__c': 1}` → `{a: {b: {c: 1}}}`, preserving order.
 * Throws when a name is both a value and a group (`a` and `a__b`).
 */
export function nestHyperparams<L = unknown>(flat: NestedRecord<NoInfer<L>>): NestedRecord<L> {
  const root: NestedRecord<L> = {};
  const flatRecord = flattenHyperparams(flat);
  for (const name of Object.keys(flatRecord)) {
    const segments = splitHyperparamName(name);
    let node: NestedRecord<L> = root;
    for (let i = 0; i < segments.length - 1; i++) {
      const segment = segments[i];
      if (!Object.hasOwn(node, segment)) {
        Object.defineProperty(node, segment, { value: {}, enumerable: true, writable: true, configurable: true });
      }
      const child = node[segment];
      if (!isPlainObject(child)) {
        throw invalidArgument(
          'hyperparameters',
          name,
          `"${segments.slice(0, i + 1).join('__')}" is both a value and a group`,
        );
      }
      node = child as NestedRecord<L>;
    }
    const leaf = segments[segments.length - 1];
    if (Object.hasOwn(node, leaf)) {
      throw invalidArgument('hyperparameters', name, 'is both a value and a group');
    }
    Object.defineProperty(node, leaf, {
      value: flatRecord[name],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return root;
}

/** `prefix__name` for every entry of a flat record (prefix validated; may itself contain `__`). */
export function prefixFlat<V>(flat: Record<string, V>, prefix: string): Record<string, V> {
  splitHyperparamName(prefix);
  const out: Record<string, V> = {};
  for (const key of Object.keys(flat)) out[`${prefix}${HYPERPARAMETER_SEPARATOR}${key}`] = flat[key];
  return out;
}

/** Entries of a flat record under `prefix__`, with the prefix removed. */
export function subsetFlat<V>(flat: Record<string, V>, prefix: string): Record<string, V> {
  splitHyperparamName(prefix);
  const start = `${prefix}${HYPERPARAMETER_SEPARATOR}`;
  const out: Record<string, V> = {};
  for (const key of Object.keys(flat)) {
    if (key.startsWith(start)) out[key.slice(start.length)] = flat[key];
  }
  return out;
}
