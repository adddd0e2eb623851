import { dtypeOfTypedArray } from '../ndarray/dtypes.ts';
import { isNDArray } from '../ndarray/NDArray.ts';
import { registeredIdOf } from '../saving/registry.ts';
import { hasStepBrand } from '../step/brand.ts';
import type { FieldType } from './fieldTypes.ts';

/** A value as an error message names it: `a float32 tensor [3, 4]`, `the string "x"`, `step "scaler"`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (isNDArray(value)) return `a ${value.dtype} tensor [${value.shape.join(', ')}]`;
  if (ArrayBuffer.isView(value))
    return `a ${dtypeOfTypedArray(value) ?? 'binary'} typed array of ${(value as Uint8Array).length}`;
  if (hasStepBrand(value)) return `step "${(value as { name?: unknown }).name}"`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${value}`;
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return `a map of ${Object.keys(value as object).length} entries`;
  const ctor = (value as { constructor?: abstract new () => object }).constructor;
  const id = ctor ? registeredIdOf(ctor) : undefined;
  return id ? `an object of class "${id}"` : 'an object';
}

/** A field type in words, for error messages and docs/FORMAT.md. */
export function describeType(type: FieldType): string {
  switch (type.kind) {
    case 'tensor': {
      const shape = type.shape ? ` [${type.shape.join(', ')}]` : '';
      const what = type.container === 'typed' ? 'typed array' : 'tensor';
      return `${type.dtypes.join(' or ')} ${what}${shape}`;
    }
    case 'number':
      return `${type.finite ? 'finite ' : ''}number${type.min !== undefined ? ` ≥ ${type.min}` : ''}`;
    case 'integer':
      return `integer${type.min !== undefined ? ` ≥ ${type.min}` : ''}`;
    case 'boolean':
      return 'boolean';
    case 'string':
      return type.values
        ? `one of ${type.values.map((v) => JSON.stringify(v)).join(', ')}`
        : `${type.nonEmpty ? 'non-empty ' : ''}string`;
    case 'null':
      return 'null';
    case 'list': {
      const rules = [
        type.unique ? 'distinct' : '',
        type.sorted ? 'ascending' : '',
        type.maxItems !== undefined ? `at most ${type.maxItems}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `list of ${describeType(type.items)}${rules ? ` (${rules})` : ''}`;
    }
    case 'map':
      return `map of ${describeType(type.values)}`;
    case 'step':
      return 'step reference';
    case 'object':
      return type.classIds
        ? `object ${type.classIds.map((id) => `\`${id}\``).join(' or ')}`
        : `registered ${type.role ?? 'object'}`;
    case 'oneOf':
      return type.options.map(describeType).join(' or ');
    case 'hyperparameter':
      return 'hyperparameter value (number, string, boolean, null, or a list of those)';
    case 'any':
      return 'any value';
  }
}
