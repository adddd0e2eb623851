/** The data of a search: inputs as an NDArray, targets as an NDArray or string labels, and rows taken by index. */
import { InvalidInputError } from '../errors/index.ts';
import { type ArrayInput, asNDArray } from '../ndarray/asNDArray.ts';
import { NDArray, shapeSize } from '../ndarray/NDArray.ts';

/** Targets: numbers (labels or regression targets) as an NDArray, or string labels. */
export type Targets = NDArray | string[];

/** Inputs and targets of a search, with the same number of rows. */
export interface SearchData {
  readonly x: NDArray;
  readonly y: Targets;
}

/** Checks and converts what the user gave to `AutoML.fit`. */
export function searchData(x: unknown, y: unknown): SearchData {
  const X = asNDArray(x as ArrayInput, 'AutoML inputs');
  if (X.ndim < 1) throw new InvalidInputError('AutoML inputs', 'need at least one axis of rows');
  if (y === undefined || y === null) throw new InvalidInputError('AutoML targets', 'fit(x, y) needs targets y');
  const Y = asTargets(y);
  const n = Array.isArray(Y) ? Y.length : Y.shape[0];
  if (n !== X.shape[0]) {
    throw new InvalidInputError('AutoML', `inputs have ${X.shape[0]} rows, targets ${n}`);
  }
  return { x: X, y: Y };
}

function asTargets(y: unknown): Targets {
  if (Array.isArray(y) && y.some((v) => typeof v === 'string' || (Array.isArray(v) && typeof v[0] === 'string'))) {
    const flat = y.map((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
    const bad = flat.findIndex((v) => typeof v !== 'string');
    if (bad >= 0) throw new InvalidInputError('AutoML targets', `label ${bad} is not a string while others are`);
    return flat as string[];
  }
  return asNDArray(y as ArrayInput, 'AutoML targets');
}

/** Number of rows of targets. */
export function targetRows(y: Targets): number {
  return Array.isArray(y) ? y.length : y.shape[0];
}

/** Rows `index` of an NDArray (first axis), copied. */
export function takeRows(a: NDArray, index: Int32Array): NDArray {
  const stride = shapeSize(a.shape.slice(1));
  const out = NDArray.zeros(a.dtype, [index.length, ...a.shape.slice(1)]);
  const src = a.data as Float64Array;
  const dst = out.data as Float64Array;
  for (let i = 0; i < index.length; i++) {
    const from = index[i] * stride;
    if (stride === 1) dst[i] = src[from];
    else dst.set(src.subarray(from, from + stride), i * stride);
  }
  return out;
}

/** Rows `index` of targets. */
export function takeTargets(y: Targets, index: Int32Array): Targets {
  if (Array.isArray(y)) return Array.from(index, (i) => y[i]);
  return takeRows(y, index);
}
