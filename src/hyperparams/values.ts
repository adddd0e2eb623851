/** A concrete scalar hyperparameter value. */
export type HyperparameterScalar = number | string | boolean | null;

/** A concrete hyperparameter value: a scalar or a flat array of scalars. */
export type HyperparameterValue = HyperparameterScalar | HyperparameterScalar[];

function isScalar(value: unknown): value is HyperparameterScalar {
  return value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean';
}

/** True when `value` is a {@link HyperparameterValue}. */
export function isHyperparameterValue(value: unknown): value is HyperparameterValue {
  return isScalar(value) || (Array.isArray(value) && value.every(isScalar));
}

/** Copy of a value (arrays are copied so callers cannot mutate stored state). */
export function copyValue<T extends HyperparameterValue>(value: T): T {
  return (Array.isArray(value) ? [...value] : value) as T;
}

/** True for `{}`-style objects (prototype `Object.prototype` or `null`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Structural equality: same prototype, same own enumerable fields (any order),
 * recursively; numbers by value with `NaN` equal to itself.
 */
export function structuralEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => structuralEqual(item, other[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((key) => Object.hasOwn(rb, key) && structuralEqual(ra[key], rb[key]));
}
