import { InvalidInputError } from '../errors/index.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';

/** Class labels of a classifier: all numbers or all strings, sorted as scikit-learn's `classes_` (ascending). */
export type ClassLabels = number[] | string[];

/** Labels of `y` as class indices into the sorted distinct labels. */
export interface EncodedLabels {
  classes: ClassLabels;
  /** Per sample, the index of its label in `classes`. */
  index: Int32Array;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The labels of `y` as a flat list: strings (a string array, or one column of them) or numbers (any array input). */
export function labelValues(where: string, y: unknown): number[] | string[] {
  if (Array.isArray(y) && y.length > 0) {
    const flat = y.map((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
    if (flat.some((v) => typeof v === 'string')) {
      const bad = flat.findIndex((v) => typeof v !== 'string');
      if (bad >= 0) {
        throw new InvalidInputError(
          where,
          `labels mix strings and other values (label ${bad} is ${JSON.stringify(flat[bad]) ?? String(flat[bad])}); use one type`,
        );
      }
      return flat as string[];
    }
  }
  const a = asNDArray(y as ArrayInput, where);
  if (a.ndim > 2 || (a.ndim === 2 && a.shape[1] !== 1)) {
    throw new InvalidInputError(where, `expected one label per sample, got shape [${a.shape.join(', ')}]`);
  }
  const values = Array.from(a.data as ArrayLike<number | bigint>, Number);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new InvalidInputError(where, `label ${bad} is ${values[bad]}; labels must be finite`);
  return values;
}

/** Sorted distinct labels of `values` and each sample's index among them. */
export function encodeLabels(values: number[] | string[]): EncodedLabels {
  const isString = typeof values[0] === 'string';
  const distinct = [...new Set<number | string>(values)];
  const classes = (
    isString ? (distinct as string[]).sort(compareStrings) : (distinct as number[]).sort((a, b) => a - b)
  ) as ClassLabels;
  const position = new Map<number | string, number>((classes as Array<number | string>).map((c, i) => [c, i]));
  const index = Int32Array.from(values as Array<number | string>, (v) => position.get(v) as number);
  return { classes, index };
}

/** Index in `classes` of each label in `values`, or -1 for a label the model has not seen. */
export function indexOfLabels(classes: ClassLabels, values: number[] | string[]): Int32Array {
  const position = new Map<number | string, number>((classes as Array<number | string>).map((c, i) => [c, i]));
  return Int32Array.from(values as Array<number | string>, (v) => position.get(v) ?? -1);
}
