import { Distribution } from '../hyperparams/distributions/Distribution.ts';
import { isHyperparameterValue, structuralEqual } from '../hyperparams/values.ts';
import { dtypeOfTypedArray } from '../ndarray/dtypes.ts';
import { isNDArray } from '../ndarray/NDArray.ts';
import { registeredIdOf } from '../saving/registry.ts';
import { hasSaverBrand, hasStepBrand } from '../step/brand.ts';
import { describeType, describeValue } from './describeValue.ts';
import type { Dim, FieldType } from './fieldTypes.ts';

/** Where a mismatch is inside the field (`[2]`, `.C`), what was expected there and what was found. */
export interface Mismatch {
  readonly at: string;
  readonly expected: string;
  readonly found: string;
}

/**
 * Sizes named in shape rules: integer fields of the object being checked, and symbols bound by their first use.
 * Shared by every field of one object, so `coef [k, nFeatures]` and `intercept [k]` must agree on `k`.
 */
export class ShapeBindings {
  private fields: Readonly<Record<string, unknown>> = {};
  private readonly bound = new Map<string, number>();

  /** Starts on the fields of another object. */
  reset(fields: Readonly<Record<string, unknown>>): void {
    this.fields = fields;
    if (this.bound.size > 0) this.bound.clear();
  }

  /** The size `dim` stands for, binding it to `actual` when it is a free symbol. */
  resolve(dim: Dim, actual: number): number {
    if (typeof dim === 'number') return dim;
    const field = Object.hasOwn(this.fields, dim) ? this.fields[dim] : undefined;
    if (typeof field === 'number') return field;
    const known = this.bound.get(dim);
    if (known !== undefined) return known;
    this.bound.set(dim, actual);
    return actual;
  }
}

function mismatch(type: FieldType, value: unknown, at: string): Mismatch {
  return { at, expected: describeType(type), found: describeValue(value) };
}

/** Checks `value` against `type`; returns the first mismatch, or undefined when it conforms. */
export function checkValue(type: FieldType, value: unknown, shapes: ShapeBindings, at = ''): Mismatch | undefined {
  switch (type.kind) {
    case 'tensor':
      return checkTensor(type, value, shapes, at);
    case 'number':
      if (typeof value !== 'number') return mismatch(type, value, at);
      if (type.finite && !Number.isFinite(value)) return mismatch(type, value, at);
      if (type.min !== undefined && !(value >= type.min)) return mismatch(type, value, at);
      return undefined;
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return mismatch(type, value, at);
      return type.min !== undefined && value < type.min ? mismatch(type, value, at) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : mismatch(type, value, at);
    case 'string':
      if (typeof value !== 'string') return mismatch(type, value, at);
      if (type.nonEmpty && value === '') return mismatch(type, value, at);
      return type.values && !type.values.includes(value) ? mismatch(type, value, at) : undefined;
    case 'null':
      return value === null ? undefined : mismatch(type, value, at);
    case 'list':
      return checkList(type, value, shapes, at);
    case 'map': {
      if (!isPlainMap(value)) return mismatch(type, value, at);
      for (const key of Object.keys(value)) {
        const m = checkValue(type.values, value[key], shapes, `${at}.${key}`);
        if (m) return m;
      }
      return undefined;
    }
    case 'step':
      return hasStepBrand(value) ? undefined : mismatch(type, value, at);
    case 'object':
      return checkObject(type, value) ? undefined : mismatch(type, value, at);
    case 'oneOf': {
      let closest: Mismatch | undefined;
      for (const option of type.options) {
        const m = checkValue(option, value, shapes, at);
        if (!m) return undefined;
        if (option.kind === kindOf(value)) closest = m;
      }
      return closest ?? mismatch(type, value, at);
    }
    case 'hyperparameter':
      return isHyperparameterValue(value) ? undefined : mismatch(type, value, at);
    case 'any':
      return undefined;
  }
}

function checkTensor(
  type: Extract<FieldType, { kind: 'tensor' }>,
  value: unknown,
  shapes: ShapeBindings,
  at: string,
): Mismatch | undefined {
  const expected = describeType(type);
  let dtype: string | undefined;
  let shape: readonly number[];
  if (type.container === 'ndarray') {
    if (!isNDArray(value)) return { at, expected, found: describeValue(value) };
    dtype = value.dtype;
    shape = value.shape;
  } else {
    if (!ArrayBuffer.isView(value) || value instanceof DataView) return { at, expected, found: describeValue(value) };
    dtype = dtypeOfTypedArray(value);
    shape = [(value as Uint8Array).length];
  }
  const dtypeOk = type.dtypes.some(
    (d) => d === dtype || (type.container === 'typed' && d === 'bool' && dtype === 'uint8'),
  );
  if (!dtypeOk) return { at, expected, found: describeValue(value) };
  if (!type.shape) return undefined;
  if (shape.length !== type.shape.length) return { at, expected, found: describeValue(value) };
  for (let i = 0; i < shape.length; i++) {
    const size = shapes.resolve(type.shape[i], shape[i]);
    if (size !== shape[i]) {
      return {
        at,
        expected: `${expected}, dimension ${i} = ${size}${typeof type.shape[i] === 'string' ? ` (${type.shape[i]})` : ''}`,
        found: describeValue(value),
      };
    }
  }
  return undefined;
}

function checkList(
  type: Extract<FieldType, { kind: 'list' }>,
  value: unknown,
  shapes: ShapeBindings,
  at: string,
): Mismatch | undefined {
  if (!Array.isArray(value)) return { at, expected: describeType(type), found: describeValue(value) };
  for (let i = 0; i < value.length; i++) {
    const m = checkValue(type.items, value[i], shapes, `${at}[${i}]`);
    if (m) return m;
  }
  if (type.maxItems !== undefined && value.length > type.maxItems)
    return { at, expected: `at most ${type.maxItems} items`, found: describeValue(value) };
  if (type.unique) {
    const i = firstRepeat(value);
    if (i >= 0)
      return { at: `${at}[${i}]`, expected: 'distinct items', found: `a repeat of ${describeValue(value[i])}` };
  }
  if (type.sorted) {
    for (let i = 1; i < value.length; i++) {
      if (!(compare(value[i - 1], value[i]) < 0)) {
        return {
          at: `${at}[${i}]`,
          expected: `items in ascending order`,
          found: `${describeValue(value[i])} after ${describeValue(value[i - 1])}`,
        };
      }
    }
  }
  return undefined;
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

function checkObject(type: Extract<FieldType, { kind: 'object' }>, value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const ctor = (value as { constructor?: abstract new () => object }).constructor;
  const id = ctor ? registeredIdOf(ctor) : undefined;
  if (id === undefined) return false;
  if (type.classIds && !type.classIds.includes(id)) return false;
  if (type.role === 'saver') return hasSaverBrand(value);
  if (type.role === 'distribution') return value instanceof Distribution;
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
