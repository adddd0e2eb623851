import { Distribution } from '../hyperparams/distributions/Distribution.ts';
import { isHyperparameterValue, structuralEqual } from '../hyperparams/values.ts';
import { dtypeOfTypedArray } from '../ndarray/dtypes.ts';
import { isNDArray } from '../ndarray/NDArray.ts';
import { registeredIdOf } from '../saving/registry.ts';
import { hasSaverBrand, hasStepBrand } from '../step/brand.ts';
import { describeType, describeValue } from './describeValue.ts';
import type { FieldType } from './fieldTypes.ts';
import type { ShapeBindings } from './ShapeBindings.ts';

/** Where a mismatch is inside the field (`[2]`, `.C`), what was expected there and what was found. */
export interface Mismatch {
  readonly at: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * A compiled check of one field type: undefined when `value` conforms, else the first mismatch (its `at` relative to
 * the value). Built once per {@link FieldType} object, so a load runs one small monomorphic closure per field instead
 * of interpreting the type, and builds strings only on failure.
 */
export type Checker = (value: unknown, shapes: ShapeBindings) => Mismatch | undefined;

const compiled = new WeakMap<FieldType, Checker>();

/** The checker of `type`, compiled on first use and cached per type object. */
export function compileFieldType(type: FieldType): Checker {
  let checker = compiled.get(type);
  if (!checker) {
    checker = build(type);
    compiled.set(type, checker);
  }
  return checker;
}

/** Checks `value` against `type` (see {@link compileFieldType}); `at` prefixes the mismatch's place. */
export function checkValue(type: FieldType, value: unknown, shapes: ShapeBindings, at = ''): Mismatch | undefined {
  const m = compileFieldType(type)(value, shapes);
  return m && at ? nested(at, m) : m;
}

/** A mismatch whose words are composed only when read (a failed option of a `oneOf` is never reported). */
class LazyMismatch implements Mismatch {
  readonly at = '';
  constructor(
    private readonly type: FieldType,
    private readonly value: unknown,
  ) {}
  get expected(): string {
    return describeType(this.type);
  }
  get found(): string {
    return describeValue(this.value);
  }
}

function mismatchOf(type: FieldType): (value: unknown) => Mismatch {
  return (value) => new LazyMismatch(type, value);
}

/** `m` placed at `at` inside its parent value. */
function nested(at: string, m: Mismatch): Mismatch {
  return { at: at + m.at, expected: m.expected, found: m.found };
}

function build(type: FieldType): Checker {
  const wrong = mismatchOf(type);
  switch (type.kind) {
    case 'tensor':
      return tensorChecker(type);
    case 'number': {
      const { finite, min } = type;
      return (v) =>
        typeof v !== 'number' || (finite && !Number.isFinite(v)) || (min !== undefined && !(v >= min))
          ? wrong(v)
          : undefined;
    }
    case 'integer': {
      const min = type.min;
      return (v) =>
        typeof v !== 'number' || !Number.isSafeInteger(v) || (min !== undefined && v < min) ? wrong(v) : undefined;
    }
    case 'boolean':
      return (v) => (typeof v === 'boolean' ? undefined : wrong(v));
    case 'string': {
      const { values, nonEmpty } = type;
      return (v) =>
        typeof v !== 'string' || (nonEmpty && v === '') || (values && !values.includes(v)) ? wrong(v) : undefined;
    }
    case 'null':
      return (v) => (v === null ? undefined : wrong(v));
    case 'list':
      return listChecker(type);
    case 'map': {
      const item = compileFieldType(type.values);
      return (v, shapes) => {
        if (!isPlainMap(v)) return wrong(v);
        for (const key in v) {
          const m = item(v[key], shapes);
          if (m) return nested(`.${key}`, m);
        }
        return undefined;
      };
    }
    case 'step':
      return (v) => (hasStepBrand(v) ? undefined : wrong(v));
    case 'object': {
      const { classIds, role } = type;
      return (v) => (isRegisteredObject(v, classIds, role) ? undefined : wrong(v));
    }
    case 'oneOf': {
      const options = type.options.map((o) => [o.kind, compileFieldType(o)] as const);
      return (v, shapes) => {
        for (let i = 0; i < options.length; i++) if (!options[i][1](v, shapes)) return undefined;
        // The most telling mismatch: the option of the value's own kind, else the whole union.
        const kind = kindOf(v);
        let closest: Mismatch | undefined;
        for (const [k, check] of options) if (k === kind) closest = check(v, shapes) ?? closest;
        return closest ?? wrong(v);
      };
    }
    case 'hyperparameter':
      return (v) => (isHyperparameterValue(v) ? undefined : wrong(v));
    case 'any':
      return () => undefined;
  }
}

function tensorChecker(type: Extract<FieldType, { kind: 'tensor' }>): Checker {
  const { dtypes, shape: rule, container } = type;
  const wrong = mismatchOf(type);
  const typed = container === 'typed';
  const acceptsUint8AsBool = typed && dtypes.includes('bool');
  return (value, shapes) => {
    let dtype: string | undefined;
    let shape: readonly number[];
    if (!typed) {
      if (!isNDArray(value)) return wrong(value);
      dtype = value.dtype;
      shape = value.shape;
    } else {
      if (!ArrayBuffer.isView(value) || value instanceof DataView) return wrong(value);
      dtype = dtypeOfTypedArray(value);
      shape = [(value as Uint8Array).length];
    }
    if (!dtypes.includes(dtype as never) && !(acceptsUint8AsBool && dtype === 'uint8')) return wrong(value);
    if (!rule) return undefined;
    if (shape.length !== rule.length) return wrong(value);
    for (let i = 0; i < shape.length; i++) {
      const size = shapes.resolve(rule[i], shape[i]);
      if (size !== shape[i]) {
        const named = typeof rule[i] === 'string' ? ` (${rule[i]})` : '';
        return {
          at: '',
          expected: `${describeType(type)}, dimension ${i} = ${size}${named}`,
          found: describeValue(value),
        };
      }
    }
    return undefined;
  };
}

function listChecker(type: Extract<FieldType, { kind: 'list' }>): Checker {
  const item = compileFieldType(type.items);
  const { maxItems, unique, sorted } = type;
  const wrong = mismatchOf(type);
  return (value, shapes) => {
    if (!Array.isArray(value)) return wrong(value);
    for (let i = 0; i < value.length; i++) {
      const m = item(value[i], shapes);
      if (m) return nested(`[${i}]`, m);
    }
    if (maxItems !== undefined && value.length > maxItems)
      return { at: '', expected: `at most ${maxItems} items`, found: describeValue(value) };
    if (unique) {
      const i = firstRepeat(value);
      if (i >= 0) return { at: `[${i}]`, expected: 'distinct items', found: `a repeat of ${describeValue(value[i])}` };
    }
    if (sorted) {
      for (let i = 1; i < value.length; i++) {
        if (!(compare(value[i - 1], value[i]) < 0)) {
          return {
            at: `[${i}]`,
            expected: 'items in ascending order',
            found: `${describeValue(value[i])} after ${describeValue(value[i - 1])}`,
          };
        }
      }
    }
    return undefined;
  };
}

/**
 * Index of the first item equal to an earlier one, or -1. Steps and primitives are equal when identical; registered
 * objects when of the same class with structurally equal fields (pairwise, so lists of objects carry `maxItems`).
 */
function firstRepeat(items: readonly unknown[]): number {
  if (items.length < 2) return -1;
  if (items.length <= 16) {
    for (let i = 1; i < items.length; i++) {
      for (let j = 0; j < i; j++) if (sameItem(items[j], items[i])) return i;
    }
    return -1;
  }
  const seen = new Set<unknown>();
  const objects: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'object' && item !== null && !hasStepBrand(item)) {
      if (objects.some((o) => structuralEqual(o, item))) return i;
      objects.push(item);
    } else {
      if (seen.has(item)) return i;
      seen.add(item);
    }
  }
  return -1;
}

function sameItem(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' && a !== null && !hasStepBrand(a)) return structuralEqual(a, b);
  return a === b;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number.NaN;
}

function isRegisteredObject(
  value: unknown,
  classIds: readonly string[] | undefined,
  role: 'saver' | 'distribution' | undefined,
): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const ctor = (value as { constructor?: abstract new () => object }).constructor;
  const id = ctor ? registeredIdOf(ctor) : undefined;
  if (id === undefined) return false;
  if (classIds && !classIds.includes(id)) return false;
  if (role === 'saver') return hasSaverBrand(value);
  if (role === 'distribution') return value instanceof Distribution;
  return true;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The kind of field type a value would match, to pick the most telling mismatch of a `oneOf`. */
function kindOf(value: unknown): FieldType['kind'] | undefined {
  if (value === null) return 'null';
  if (isNDArray(value) || ArrayBuffer.isView(value)) return 'tensor';
  if (Array.isArray(value)) return 'list';
  if (hasStepBrand(value)) return 'step';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  return isPlainMap(value) ? 'map' : 'object';
}
