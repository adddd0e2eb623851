/**
 * How trials are scored: accuracy, log-loss, R² and mean squared error as scikit-learn 1.2 computes them
 * (`accuracy_score`, `log_loss`, `r2_score`, `mean_squared_error`), or a function of your own.
 */
import { isNDArray } from '../ndarray/NDArray.ts';
import { InvalidAutoMLOptionError, MetricInputError } from './errors.ts';
import type { Targets } from './searchData.ts';

/** What a metric scores: predicted labels or values (`transform`), or class probabilities (`predictProba`). */
export type MetricInputKind = 'predictions' | 'probabilities';

/** Class labels a classifier was fitted on (the columns of its probabilities). */
export type ClassList = readonly (number | string)[];

/** A metric: its name, which way is better, what it scores, and how. */
export interface Metric {
  readonly name: string;
  readonly higherIsBetter: boolean;
  readonly input: MetricInputKind;
  /**
   * The score of `predicted` against `truth` (the validation rows' targets). For `probabilities`, `predicted` is
   * `[n, classes]` and `classes` its columns' labels.
   */
  score(truth: Targets, predicted: unknown, classes?: ClassList): number;
}

/** A metric by name, or one of your own. */
export type MetricInput = 'accuracy' | 'logLoss' | 'r2' | 'mse' | Metric;

/** Labels or values as a flat list. */
function flat(name: string, v: unknown, what: string): (number | string)[] {
  if (Array.isArray(v)) return v.map((e) => (Array.isArray(e) && e.length === 1 ? e[0] : e)) as (number | string)[];
  if (isNDArray(v)) {
    if (v.ndim > 2 || (v.ndim === 2 && v.shape[1] !== 1)) {
      throw new MetricInputError(name, `${what} must be one value per row, got shape [${v.shape}]`);
    }
    return Array.from(v.data as ArrayLike<number | bigint>, Number);
  }
  throw new MetricInputError(name, `${what} must be an NDArray or an array, got ${typeof v}`);
}

/** Values as an n × d float64 matrix (one column for 1-d input). */
function matrix(name: string, v: unknown, what: string): { data: Float64Array; rows: number; cols: number } {
  if (isNDArray(v) && (v.ndim === 1 || v.ndim === 2)) {
    const rows = v.shape[0];
    const cols = v.ndim === 1 ? 1 : v.shape[1];
    return { data: Float64Array.from(v.data as ArrayLike<number | bigint>, Number), rows, cols };
  }
  const values = flat(name, v, what);
  if (values.some((x) => typeof x !== 'number')) throw new MetricInputError(name, `${what} must be numbers`);
  return { data: Float64Array.from(values as number[]), rows: values.length, cols: 1 };
}

function sameLength(name: string, a: number, b: number): void {
  if (a !== b) throw new MetricInputError(name, `${a} true values but ${b} predictions`);
}

/** Share of rows whose predicted label equals the true one (`accuracy_score`). */
export const accuracy: Metric = {
  name: 'accuracy',
  higherIsBetter: true,
  input: 'predictions',
  score(truth, predicted) {
    const t = flat('accuracy', truth, 'true labels');
    const p = flat('accuracy', predicted, 'predicted labels');
    sameLength('accuracy', t.length, p.length);
    let hit = 0;
    for (let i = 0; i < t.length; i++) if (t[i] === p[i]) hit++;
    return hit / t.length;
  },
};

/** Mean squared error over every value (`mean_squared_error`, uniform average over outputs). Lower is better. */
export const mse: Metric = {
  name: 'mse',
  higherIsBetter: false,
  input: 'predictions',
  score(truth, predicted) {
    const t = matrix('mse', truth, 'true values');
    const p = matrix('mse', predicted, 'predictions');
    sameLength('mse', t.data.length, p.data.length);
    let s = 0;
    for (let i = 0; i < t.data.length; i++) s += (t.data[i] - p.data[i]) ** 2;
    return s / t.data.length;
  },
};

/**
 * Coefficient of determination (`r2_score`, uniform average over outputs): per output `1 − SSres/SStot`, where a
 * constant output scores 1 when predicted exactly and 0 otherwise (scikit-learn's `force_finite`).
 */
export const r2: Metric = {
  name: 'r2',
  higherIsBetter: true,
  input: 'predictions',
  score(truth, predicted) {
    const t = matrix('r2', truth, 'true values');
    const p = matrix('r2', predicted, 'predictions');
    sameLength('r2', t.data.length, p.data.length);
    let total = 0;
    for (let c = 0; c < t.cols; c++) {
      let mean = 0;
      for (let r = 0; r < t.rows; r++) mean += t.data[r * t.cols + c];
      mean /= t.rows;
      let ssRes = 0;
      let ssTot = 0;
      for (let r = 0; r < t.rows; r++) {
        const v = t.data[r * t.cols + c];
        ssRes += (v - p.data[r * t.cols + c]) ** 2;
        ssTot += (v - mean) ** 2;
      }
      total += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
    }
    return total / t.cols;
  },
};

/** float64 machine epsilon: scikit-learn 1.2's `eps="auto"` for float64 probabilities. */
const EPS = 2.220446049250313e-16;

/**
 * Cross-entropy of the predicted probabilities (`log_loss` with `labels` = the model's classes): probabilities are
 * clipped to [ε, 1 − ε] and each row renormalised, as scikit-learn 1.2 does. Lower is better. A true label the model
 * never saw is a {@link MetricInputError} (scikit-learn would count the row as a loss of 0).
 */
export const logLoss: Metric = {
  name: 'logLoss',
  higherIsBetter: false,
  input: 'probabilities',
  score(truth, predicted, classes) {
    if (!classes) throw new MetricInputError('logLoss', 'needs the class labels of the probabilities');
    const t = flat('logLoss', truth, 'true labels');
    const p = matrix('logLoss', predicted, 'probabilities');
    sameLength('logLoss', t.length, p.rows);
    if (p.cols !== classes.length) {
      throw new MetricInputError('logLoss', `${p.cols} probability columns for ${classes.length} classes`);
    }
    const column = new Map<number | string, number>(classes.map((c, i) => [c, i]));
    let loss = 0;
    for (let r = 0; r < p.rows; r++) {
      const col = column.get(t[r]);
      if (col === undefined) {
        throw new MetricInputError('logLoss', `true label ${JSON.stringify(t[r])} is not among the model's classes`);
      }
      let sum = 0;
      for (let c = 0; c < p.cols; c++) sum += Math.min(1 - EPS, Math.max(EPS, p.data[r * p.cols + c]));
      loss -= Math.log(Math.min(1 - EPS, Math.max(EPS, p.data[r * p.cols + col])) / sum);
    }
    return loss / p.rows;
  },
};

const BY_NAME: Record<string, Metric> = { accuracy, logLoss, r2, mse };

/** The metric named or given. */
export function resolveMetric(input: MetricInput | undefined): Metric {
  if (input === undefined)
    throw new InvalidAutoMLOptionError('metric', "is required: 'accuracy', 'logLoss', 'r2', 'mse' or a Metric");
  if (typeof input === 'string') {
    const m = BY_NAME[input];
    if (!m) throw new InvalidAutoMLOptionError('metric', `"${input}" is not one of ${Object.keys(BY_NAME).join(', ')}`);
    return m;
  }
  if (
    typeof input.score !== 'function' ||
    typeof input.name !== 'string' ||
    typeof input.higherIsBetter !== 'boolean'
  ) {
    throw new InvalidAutoMLOptionError('metric', 'must have a name, higherIsBetter and a score function');
  }
  return { ...input, input: input.input ?? 'predictions' };
}

/** Whether score `a` beats score `b` under `metric` (NaN never beats anything). */
export function isBetter(metric: Metric, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return metric.higherIsBetter ? a > b : a < b;
}
