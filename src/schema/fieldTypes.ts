import type { DType } from '../ndarray/dtypes.ts';

/**
 * One dimension of a tensor shape rule: a literal size, or a name. A name that is an integer field of the same object
 * (e.g. `'nFeaturesIn'`) must equal that field; any other name (e.g. `'k'`) is bound by its first use and must agree
 * everywhere else in the object.
 */
export type Dim = number | string;

/** What a saved field may hold. Plain data, so that it can be exported as JSON and rendered in docs/FORMAT.md. */
export type FieldType =
  | {
      readonly kind: 'tensor';
      readonly dtypes: readonly DType[];
      /** The shape rule; absent means any shape. */
      readonly shape?: readonly Dim[];
      /** `ndarray`: an NDArray (descriptor container 0); `typed`: a bare 1-d typed array (container 1). */
      readonly container: 'ndarray' | 'typed';
    }
  | { readonly kind: 'number'; readonly finite?: boolean; readonly min?: number }
  | { readonly kind: 'integer'; readonly min?: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string'; readonly values?: readonly string[]; readonly nonEmpty?: boolean }
  | { readonly kind: 'null' }
  | {
      readonly kind: 'list';
      readonly items: FieldType;
      /** No two items equal (steps: the same object; registered objects: same class and equal fields). */
      readonly unique?: boolean;
      /** The most items the list may hold. */
      readonly maxItems?: number;
      /** Ascending (numbers by value, strings by code point). */
      readonly sorted?: boolean;
    }
  | { readonly kind: 'map'; readonly values: FieldType }
  | { readonly kind: 'step' }
  | {
      readonly kind: 'object';
      /** Registered class ids allowed; absent means any registered class of `role`. */
      readonly classIds?: readonly string[];
      readonly role?: 'saver' | 'distribution';
    }
  | { readonly kind: 'oneOf'; readonly options: readonly FieldType[] }
  /** A hyperparameter value: a number, string, boolean or null, or a flat list of those. */
  | { readonly kind: 'hyperparameter' }
  /** Any value the format can hold (user data the class itself checks). */
  | { readonly kind: 'any' };

/** Builders for {@link FieldType}s, so schemas read like their docs. */
export const t = {
  tensor: (
    dtype: DType | readonly DType[],
    shape?: readonly Dim[],
    container: 'ndarray' | 'typed' = 'ndarray',
  ): FieldType => ({
    kind: 'tensor',
    dtypes: typeof dtype === 'string' ? [dtype] : dtype,
    ...(shape ? { shape } : {}),
    container,
  }),
  number: (options: { finite?: boolean; min?: number } = {}): FieldType => ({ kind: 'number', ...options }),
  integer: (min?: number): FieldType => (min === undefined ? { kind: 'integer' } : { kind: 'integer', min }),
  boolean: (): FieldType => ({ kind: 'boolean' }),
  string: (options: { values?: readonly string[]; nonEmpty?: boolean } = {}): FieldType => ({
    kind: 'string',
    ...options,
  }),
  null: (): FieldType => ({ kind: 'null' }),
  list: (items: FieldType, options: { unique?: boolean; sorted?: boolean; maxItems?: number } = {}): FieldType => ({
    kind: 'list',
    items,
    ...options,
  }),
  map: (values: FieldType): FieldType => ({ kind: 'map', values }),
  step: (): FieldType => ({ kind: 'step' }),
  object: (classIds: readonly string[]): FieldType => ({ kind: 'object', classIds }),
  saver: (): FieldType => ({ kind: 'object', role: 'saver' }),
  distribution: (): FieldType => ({ kind: 'object', role: 'distribution' }),
  oneOf: (...options: FieldType[]): FieldType => ({ kind: 'oneOf', options }),
  nullable: (type: FieldType): FieldType => ({ kind: 'oneOf', options: [type, { kind: 'null' }] }),
  hyperparameter: (): FieldType => ({ kind: 'hyperparameter' }),
  any: (): FieldType => ({ kind: 'any' }),
};
